package dev.codemode.stubs;

/** How tools are grouped into stub files. */
public enum BindingLevel {
    /** One file per server: {@code servers/crm.pyi}. Fewer reads for the model. */
    SERVER,
    /** One file per tool: {@code servers/crm/lookup_customer.pyi}. Fewer tokens per read on big servers. */
    TOOL
}
