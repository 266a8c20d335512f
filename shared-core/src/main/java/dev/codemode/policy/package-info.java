/** Auto-execute approval: the allowlist, the script analysis, the handler that decides the rest. */
@NullMarked
package dev.codemode.policy;

import org.jspecify.annotations.NullMarked;
