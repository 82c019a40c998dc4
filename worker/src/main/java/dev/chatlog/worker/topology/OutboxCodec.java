package dev.chatlog.worker.topology;

import java.nio.ByteBuffer;

/** Packs a record's key and value bytes into one outbox value: key length (-1 for none), key, value. */
final class OutboxCodec {

    private OutboxCodec() {
    }

    static byte[] encode(byte[] key, byte[] value) {
        int keyLength = key == null ? -1 : key.length;
        ByteBuffer b = ByteBuffer.allocate(4 + Math.max(0, keyLength) + value.length);
        b.putInt(keyLength);
        if (key != null) {
            b.put(key);
        }
        b.put(value);
        return b.array();
    }

    static byte[] key(byte[] packed) {
        int keyLength = ByteBuffer.wrap(packed).getInt();
        if (keyLength < 0) {
            return null;
        }
        byte[] key = new byte[keyLength];
        System.arraycopy(packed, 4, key, 0, keyLength);
        return key;
    }

    static byte[] value(byte[] packed) {
        int keyLength = Math.max(0, ByteBuffer.wrap(packed).getInt());
        byte[] value = new byte[packed.length - 4 - keyLength];
        System.arraycopy(packed, 4 + keyLength, value, 0, value.length);
        return value;
    }
}
