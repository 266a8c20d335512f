/** Auto-execute approval: the allowlist, the script analysis, the handler that decides the rest. */
package dev.codemode.policy;
