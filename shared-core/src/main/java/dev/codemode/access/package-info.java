/** Virtual keys and tool groups: which tools each caller sees. */
package dev.codemode.access;
