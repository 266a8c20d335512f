package dev.codemode.stubs;

/**
 * How the stub files of a catalog view are cut. One file per server keeps the tree short when there
 * are few servers; one file per tool lets the model read only the tools it needs when servers are
 * large, at the price of a longer listing.
 */
public enum BindingLevel {
    /** One file per server: {@code servers/<serverId>.pyi} holds all its tools. */
    SERVER,
    /** One file per tool: {@code servers/<serverId>/<toolId>.pyi}. */
    TOOL
}
