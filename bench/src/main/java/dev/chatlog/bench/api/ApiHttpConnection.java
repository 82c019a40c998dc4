package dev.chatlog.bench.api;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One keep-alive HTTP/1.1 connection for the load generator: writes a prepared request, reads the
 * status and a Content-Length body. Far cheaper per request than a general client, so the
 * generator takes little of the CPU the API and PostgreSQL share with it.
 */
final class ApiHttpConnection implements AutoCloseable {

    private final InetSocketAddress target;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    ApiHttpConnection(InetSocketAddress target) {
        this.target = target;
    }

    /** Sends {@code request} and returns the response status, reconnecting once if the server closed the connection. */
    int exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            return send(request);
        } catch (IOException e) {
            close();
            connect();
            return send(request);
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(target, 5_000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    private int send(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        int status = -1;
        long length = 0;
        StringBuilder line = new StringBuilder(128);
        boolean first = true;
        while (true) {
            readLine(line);
            if (line.isEmpty()) {
                break;
            }
            if (first) {
                status = Integer.parseInt(line.substring(9, 12));
                first = false;
            } else if (line.length() > 15 && line.substring(0, 15).equalsIgnoreCase("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        for (long skipped = 0; skipped < length; ) {
            long n = in.skip(length - skipped);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("connection closed in a response body");
                }
                n = 1;
            }
            skipped += n;
        }
        return status;
    }

    private void readLine(StringBuilder line) throws IOException {
        line.setLength(0);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed in response headers");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
            socket = null;
        }
    }
}
