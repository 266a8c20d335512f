/** Where tools come from: sources, descriptors, the catalog with script identifiers, and per-caller views. */
@NullMarked
package dev.codemode.catalog;

import org.jspecify.annotations.NullMarked;
