package dev.chatlog.worker.sink;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.util.PGBinaryObject;
import org.postgresql.util.PGobject;

/**
 * A {@code text[]} parameter that pgjdbc sends in PostgreSQL's binary array format (the one
 * {@code array_recv} reads), through pgjdbc's public {@link PGBinaryObject} interface, and as the
 * array's text form where binary sending is turned off ({@code binaryTransfer=false}).
 *
 * <p>pgjdbc's own {@code createArrayOf("text", ...)} also sends text arrays in binary, but writes
 * them into a growing {@code ByteArrayOutputStream} and copies the result: for the column arrays of a
 * batch (a message's content, its ids) that was about a sixth of everything the worker allocated.
 * Here each element is encoded once, and pgjdbc copies the elements into one array of the exact
 * size.
 *
 * <p>The format: the number of dimensions (1, or 0 for an empty array), whether any element is
 * NULL, the element type ({@code text}), then for the one dimension its length and lower bound (1),
 * then each element as its byte length ({@code -1} for NULL) and its UTF-8 bytes.
 */
final class TextArray extends PGobject implements PGBinaryObject {

    private static final long serialVersionUID = 1L;
    private static final int TEXT_OID = 25;

    private final String[] values;
    private final byte[][] elements;
    private final boolean anyNull;
    private final int length;

    TextArray(String[] values) {
        setType("_text");
        this.values = values;
        elements = new byte[values.length][];
        boolean nulls = false;
        int bytes = values.length == 0 ? 12 : 20;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                nulls = true;
                bytes += 4;
            } else {
                elements[i] = values[i].getBytes(StandardCharsets.UTF_8);
                bytes += 4 + elements[i].length;
            }
        }
        anyNull = nulls;
        length = bytes;
    }

    @Override
    public int lengthInBytes() {
        return length;
    }

    @Override
    public void toBytes(byte[] bytes, int offset) {
        int at = offset;
        at = int4(bytes, at, elements.length == 0 ? 0 : 1);
        at = int4(bytes, at, anyNull ? 1 : 0);
        at = int4(bytes, at, TEXT_OID);
        if (elements.length == 0) {
            return;
        }
        at = int4(bytes, at, elements.length);
        at = int4(bytes, at, 1);
        for (byte[] element : elements) {
            if (element == null) {
                at = int4(bytes, at, -1);
            } else {
                at = int4(bytes, at, element.length);
                System.arraycopy(element, 0, bytes, at, element.length);
                at += element.length;
            }
        }
    }

    private static int int4(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
        return at + 4;
    }

    /** The array's text form, {@code {"a","b\"c",NULL}}: what pgjdbc sends when binary sending is off. */
    @Override
    public String getValue() {
        StringBuilder text = new StringBuilder(length + 2 * values.length + 2);
        text.append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            String value = values[i];
            if (value == null) {
                text.append("NULL");
                continue;
            }
            text.append('"');
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                if (ch == '"' || ch == '\\') {
                    text.append('\\');
                }
                text.append(ch);
            }
            text.append('"');
        }
        return text.append('}').toString();
    }

    /** Only ever sent, never read back. */
    @Override
    public void setByteValue(byte[] value, int offset) throws SQLException {
        throw new SQLException("a text array parameter is only ever sent");
    }
}
