/** The four meta-tools the model sees: listToolFiles, readToolFile, getToolDocs, executeToolCode. */
package dev.codemode.meta;
