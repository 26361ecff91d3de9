package dev.bellwether.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which addresses count as inside a network (webhooks and sign-in providers may not point there). */
class InternalAddressTest {

    @Test
    void privateLoopbackLinkLocalAndSpecialAddressesArePrivatePublicOnesAreNot() throws UnknownHostException {
        for (String address : List.of("10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", "127.0.0.53",
                "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "192.0.0.8", "198.18.0.1",
                "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd12:3456::1", "fc00::1",
                "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:0a00:0001::1", "240.0.0.1",
                "::a9fe:a9fe", "::a00:1", "::ffff:0:a9fe:a9fe", "::ffff:0:a00:1", "64:ff9b:1::a9fe:a9fe",
                "64:ff9b:1:808:800:800::")) {
            assertEquals(true, InternalAddress.is(InetAddress.getByName(address)), address);
        }
        for (String address : List.of("8.8.8.8", "172.15.0.1", "172.32.0.1", "100.63.255.255", "100.128.0.1",
                "203.0.113.10", "2606:4700::1111", "64:ff9b::808:808", "::808:808", "::ffff:0:808:808")) {
            assertEquals(false, InternalAddress.is(InetAddress.getByName(address)), address);
        }
    }
}
