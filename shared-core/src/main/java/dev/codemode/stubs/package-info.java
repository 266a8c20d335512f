/**
 * What the model reads before it writes a script: compact Python stubs of the tools in a catalog
 * view ({@link dev.codemode.stubs.StubGenerator}) and the full documentation of one tool
 * (what {@code getToolDocs} answers). Both turn JSON Schemas into Python type syntax the model
 * already knows, show only the identifiers a script can write, and never fail on a schema they do not
 * understand: an unknown shape becomes {@code Any}.
 */
@NullMarked
package dev.codemode.stubs;

import org.jspecify.annotations.NullMarked;
