/** JSON Schema to the Python stubs and full docs the model reads before it writes a script. */
package dev.codemode.stubs;
