/** Where tools come from: sources, descriptors, the catalog with script identifiers, and per-caller views. */
package dev.codemode.catalog;
