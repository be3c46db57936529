/**
 * The render stage: turns a runnable and the stack it names into what an executor runs — the
 * command, arguments and environment, the config files the stack's templates produce, and the
 * stack's Kubernetes templates. Depends on {@code model} and {@code template}.
 */
package dev.poros.render;
