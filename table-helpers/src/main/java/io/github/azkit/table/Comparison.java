package io.github.azkit.table;

/**
 * A comparison operator of the Azure Tables OData filter language.
 *
 * <p>Thread-safe (an enum).
 */
public enum Comparison {
    /** {@code eq}. */
    EQUAL("eq"),
    /** {@code ne}. */
    NOT_EQUAL("ne"),
    /** {@code gt}. */
    GREATER_THAN("gt"),
    /** {@code ge}. */
    GREATER_THAN_OR_EQUAL("ge"),
    /** {@code lt}. */
    LESS_THAN("lt"),
    /** {@code le}. */
    LESS_THAN_OR_EQUAL("le");

    private final String operator;

    Comparison(String operator) {
        this.operator = operator;
    }

    /**
     * The operator as it appears in a filter string.
     *
     * @return for example {@code "ge"}
     */
    public String operator() {
        return operator;
    }
}
