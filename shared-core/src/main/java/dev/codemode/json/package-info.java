/** JSON text to and from the plain Java values the core exchanges. */
@NullMarked
package dev.codemode.json;

import org.jspecify.annotations.NullMarked;
