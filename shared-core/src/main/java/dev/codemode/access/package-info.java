/** Virtual keys and tool groups: which tools each caller sees. */
@NullMarked
package dev.codemode.access;

import org.jspecify.annotations.NullMarked;
