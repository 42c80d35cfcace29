package io.github.azkit.table.backup;

/** The EDM types of Azure Tables, with the tag byte each has in the backup format. */
enum EdmType {
    STRING(1, "Edm.String"),
    INT32(2, "Edm.Int32"),
    INT64(3, "Edm.Int64"),
    DOUBLE(4, "Edm.Double"),
    BOOLEAN(5, "Edm.Boolean"),
    DATE_TIME(6, "Edm.DateTime"),
    GUID(7, "Edm.Guid"),
    BINARY(8, "Edm.Binary");

    final int tag;
    final String edmName;

    EdmType(int tag, String edmName) {
        this.tag = tag;
        this.edmName = edmName;
    }

    static EdmType ofTag(int tag) {
        for (EdmType t : values()) {
            if (t.tag == tag) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown property type tag " + tag);
    }
}
