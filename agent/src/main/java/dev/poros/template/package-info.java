/**
 * A Go {@code text/template} subset with the Sprig and DataOS functions that DataOS stacks use, so
 * that stacks from DataOS render here as they do there. No Maven Central library implements Go
 * templates soundly, hence this small parser. What it does not support is a {@link
 * dev.poros.template.TemplateException} naming the construct and the line, never a silently wrong
 * render. Depends on nothing else in Poros.
 */
package dev.poros.template;
