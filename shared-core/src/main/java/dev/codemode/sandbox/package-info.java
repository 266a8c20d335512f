/** The Starlark sandbox: script rewriting, bindings, builtins, limits and the result the model gets. */
package dev.codemode.sandbox;
