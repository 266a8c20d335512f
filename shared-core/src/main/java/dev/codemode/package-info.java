/**
 * The one public face: {@link dev.codemode.CodeMode}. It builds the catalog, the sandbox, the approval
 * gate and the call path once, offers the four meta-tools ({@link dev.codemode.MetaToolSpec}) and
 * answers calls of them ({@link dev.codemode.MetaToolResult}) through one small package-private
 * handler per meta-tool. Adapters translate their framework's tool types to these and delegate.
 */
@NullMarked
package dev.codemode;

import org.jspecify.annotations.NullMarked;
