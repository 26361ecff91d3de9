package dev.bellwether.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real DNS server over UDP in the test JVM, answering TXT, A and AAAA questions from records a test puts here;
 * the app (in-process or packaged) asks it instead of the system's resolver. A name without records
 * answers NXDOMAIN; while {@link #silent(boolean)} is on, questions go unanswered (a DNS outage).
 */
public class TestDns implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, List<String>> TXT = new ConcurrentHashMap<>();
    private static final Map<String, List<InetAddress>> ADDRESSES = new ConcurrentHashMap<>();
    private static volatile boolean silent;
    private static DatagramSocket socket;
    private static Thread thread;

    /** Adds a TXT record (the name as asked, without the trailing dot). */
    public static void txt(String name, String value) {
        TXT.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new CopyOnWriteArrayList<>()).add(value);
    }

    public static void remove(String name) {
        TXT.remove(name.toLowerCase(Locale.ROOT));
        ADDRESSES.remove(name.toLowerCase(Locale.ROOT));
    }

    /** Adds an A (or, for an IPv6 literal, AAAA) record. */
    public static void address(String name, String literal) {
        try {
            ADDRESSES.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new CopyOnWriteArrayList<>())
                    .add(InetAddress.getByName(literal));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void silent(boolean on) {
        silent = on;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("bellwether.team.dns-server", address());
    }

    /** host:port of the server, started on first use. */
    public static synchronized String address() {
        if (socket == null) {
            try {
                socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            } catch (SocketException e) {
                throw new UncheckedIOException(e);
            }
            thread = new Thread(TestDns::serve, "test-dns");
            thread.setDaemon(true);
            thread.start();
        }
        return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void stop() {
        // the server outlives one test class: later classes (and restarts of the app) ask it too
    }

    private static void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                socket.receive(query);
                if (silent) {
                    continue;
                }
                byte[] answer = answer(ByteBuffer.wrap(query.getData(), 0, query.getLength()));
                socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    /** The answer to one question: the records of its name (TXT, A and AAAA), or NXDOMAIN. */
    static byte[] answer(ByteBuffer query) {
        short id = query.getShort(0);
        short flags = query.getShort(2);
        int at = 12;
        StringBuilder name = new StringBuilder();
        for (int length = query.get(at) & 0xff; length != 0; length = query.get(at) & 0xff) {
            byte[] label = new byte[length];
            query.get(at + 1, label);
            name.append(name.length() == 0 ? "" : ".").append(new String(label, StandardCharsets.US_ASCII));
            at += length + 1;
        }
        int questionEnd = at + 5; // the terminating zero, type and class
        int type = query.getShort(at + 1) & 0xffff;
        String key = name.toString().toLowerCase(Locale.ROOT);
        List<String> records = TXT.getOrDefault(key, List.of());
        List<InetAddress> addresses = ADDRESSES.getOrDefault(key, List.of());
        List<String> answers = type == 16 ? records : List.of();
        int length = type == 1 ? 4 : 16;
        List<InetAddress> asked = type == 1 || type == 28
                ? addresses.stream().filter(a -> a.getAddress().length == length).toList() : List.of();
        ByteBuffer out = ByteBuffer.allocate(questionEnd + answers.size() * 300 + asked.size() * 40);
        int rd = flags & 0x0100;
        boolean none = records.isEmpty() && addresses.isEmpty();
        out.putShort(id).putShort((short) (0x8000 | 0x0400 | rd | 0x0080 | (none ? 3 : 0)));
        out.putShort((short) 1).putShort((short) (answers.size() + asked.size())).putShort((short) 0)
                .putShort((short) 0);
        out.put(query.array(), query.arrayOffset() + 12, questionEnd - 12);
        for (String value : answers) {
            byte[] text = value.getBytes(StandardCharsets.UTF_8);
            out.putShort((short) 0xc00c).putShort((short) 16).putShort((short) 1).putInt(0);
            out.putShort((short) (text.length + 1)).put((byte) text.length).put(text);
        }
        for (InetAddress address : asked) {
            out.putShort((short) 0xc00c).putShort((short) type).putShort((short) 1).putInt(0);
            out.putShort((short) length).put(address.getAddress());
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }
}
