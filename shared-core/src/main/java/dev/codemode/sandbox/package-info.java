/** The Starlark sandbox: script rewriting, bindings, builtins, limits and the result the model gets. */
@NullMarked
package dev.codemode.sandbox;

import org.jspecify.annotations.NullMarked;
