/**
 * The validate stage: judges a loaded commit — each resource against its type's JSON Schema,
 * identities against duplicates, references against what the commit declares, dependencies against
 * cycles — and splits it into resources fit to apply and rejected ones. Depends on {@code model}
 * and {@code load}.
 */
package dev.poros.validate;
