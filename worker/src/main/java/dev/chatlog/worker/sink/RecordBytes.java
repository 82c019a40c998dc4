package dev.chatlog.worker.sink;

import java.nio.ByteBuffer;

/**
 * A record's key and value bytes packed into one array: key length (-1 for none), key, value. It is
 * the outbox store's value, and the one copy of a record's bytes the worker keeps while the record
 * waits for PostgreSQL: its writer parses the value in place, and the bytes come apart again only
 * for a dead letter.
 */
public final class RecordBytes {

    private RecordBytes() {
    }

    public static byte[] pack(byte[] key, byte[] value) {
        int keyLength = key == null ? -1 : key.length;
        ByteBuffer b = ByteBuffer.allocate(4 + Math.max(0, keyLength) + value.length);
        b.putInt(keyLength);
        if (key != null) {
            b.put(key);
        }
        b.put(value);
        return b.array();
    }

    public static byte[] key(byte[] packed) {
        int keyLength = ByteBuffer.wrap(packed).getInt();
        if (keyLength < 0) {
            return null;
        }
        byte[] key = new byte[keyLength];
        System.arraycopy(packed, 4, key, 0, keyLength);
        return key;
    }

    public static byte[] value(byte[] packed) {
        int from = valueOffset(packed);
        byte[] value = new byte[packed.length - from];
        System.arraycopy(packed, from, value, 0, value.length);
        return value;
    }

    /** Where the value starts in {@code packed}; it runs to the end. */
    public static int valueOffset(byte[] packed) {
        return 4 + Math.max(0, ByteBuffer.wrap(packed).getInt());
    }
}
