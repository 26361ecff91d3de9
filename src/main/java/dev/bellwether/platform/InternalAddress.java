package dev.bellwether.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Whether an address is inside a network rather than on the public internet: loopback, private
 * (RFC 1918, unique local IPv6), link-local (a cloud's metadata service at 169.254.169.254),
 * carrier-grade NAT, benchmarking (198.18.0.0/15), multicast, reserved or the wildcard address; an
 * IPv4 address carried in IPv6 (mapped, compatible, translated, NAT64, 6to4) is judged as that IPv4 address, and
 * the local-use NAT64 prefix 64:ff9b:1::/48 is internal. What the app
 * refuses to call, or to have Keycloak call, on a tenant's say-so (webhooks, sign-in providers).
 */
public final class InternalAddress {

    private InternalAddress() {
    }

    public static boolean is(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0)
                    || (first == 198 && (second == 18 || second == 19)) || first >= 240;
        }
        int first = bytes[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return true; // fc00::/7, unique local
        }
        boolean mappedV4 = true;
        for (int i = 0; i < 10; i++) {
            mappedV4 &= bytes[i] == 0;
        }
        if (mappedV4 && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
            return v4(bytes, 12);
        }
        if (mappedV4 && bytes[10] == 0 && bytes[11] == 0) {
            return v4(bytes, 12); // IPv4-compatible ::a.b.c.d (:: and ::1 were judged above)
        }
        boolean translated = bytes[8] == (byte) 0xff && bytes[9] == (byte) 0xff && bytes[10] == 0 && bytes[11] == 0;
        for (int i = 0; translated && i < 8; i++) {
            translated = bytes[i] == 0;
        }
        if (translated) {
            return v4(bytes, 12); // SIIT's IPv4-translated ::ffff:0:a.b.c.d (RFC 2765)
        }
        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach the IPv4 address they carry
        boolean nat64 = bytes[0] == 0 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                && (bytes[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = bytes[i] == 0;
        }
        if (nat64) {
            return v4(bytes, 12);
        }
        if (bytes[0] == 0 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b && bytes[4] == 0
                && bytes[5] == 1) {
            return true; // 64:ff9b:1::/48, NAT64 for a local network (RFC 8215): it may reach private addresses
        }
        if ((bytes[0] & 0xff) == 0x20 && (bytes[1] & 0xff) == 0x02) {
            return v4(bytes, 2);
        }
        return false;
    }

    private static boolean v4(byte[] bytes, int from) {
        try {
            return is(InetAddress.getByAddress(Arrays.copyOfRange(bytes, from, from + 4)));
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
