/** Code Mode for Java: the entry point ({@link dev.codemode.CodeMode}) over catalog, stubs, meta-tools and sandbox. */
package dev.codemode;
