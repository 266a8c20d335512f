/** JSON text to and from the plain Java values the core exchanges. */
package dev.codemode.json;
