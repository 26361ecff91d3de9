package dev.bellwether.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.bellwether.tenant.IdentityDirectory;

/**
 * {@link KeycloakDirectory} against a scripted Keycloak admin API (the real one is exercised by the
 * end-to-end suite): finding an organization by its alias, conflicts, and undoing a change Keycloak
 * only half took.
 */
class KeycloakDirectoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The discovery document every scripted provider serves (its issuer in place of ISSUER). */
    private static final String DOCUMENT = "{\"issuer\":\"ISSUER\",\"authorization_endpoint\":\"ISSUER/authorize\","
            + "\"token_endpoint\":\"ISSUER/token\"}";
    private static final Member CAM = new Member("u-1", "cam", "Cam", "cam@acme.example", List.of("csm"), true, false);

    /** Keycloak's answer to a call: its method, its path (decoded) and its JSON body (null when none). */
    @FunctionalInterface
    private interface Script {
        KeycloakAdmin.Answer answer(String method, String path, JsonNode body);
    }

    /** Answers each call by its {@link Script}; records every call as "METHOD path body". */
    private static final class ScriptedKeycloak extends KeycloakAdmin {

        final List<String> calls = new ArrayList<>();
        /** The files posted ({@link #postFile}): the discovery documents Keycloak was handed. */
        final List<String> files = new ArrayList<>();
        private final Script script;

        ScriptedKeycloak(Script script) {
            this.script = script;
        }

        private Answer call(String method, String path, Object body) {
            JsonNode tree = body == null ? null : JSON.valueToTree(body);
            String decoded = URLDecoder.decode(path, StandardCharsets.UTF_8);
            calls.add(method + " " + decoded + (tree == null ? "" : " " + tree));
            return script.answer(method, decoded, tree);
        }

        @Override
        public ObjectMapper json() {
            return JSON;
        }

        @Override
        public Answer get(String path) {
            return call("GET", path, null);
        }

        @Override
        public Answer post(String path, Object body) {
            return call("POST", path, body);
        }

        @Override
        public Answer postFile(String path, java.util.Map<String, String> fields, byte[] file) {
            files.add(new String(file, StandardCharsets.UTF_8));
            return call("POST", path, fields);
        }

        @Override
        public Answer put(String path, Object body) {
            return call("PUT", path, body);
        }

        @Override
        public Answer delete(String path, Object body) {
            return call("DELETE", path, body);
        }
    }

    private static KeycloakAdmin.Answer ok(String json) {
        try {
            return new KeycloakAdmin.Answer(200, JSON.readTree(json), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeycloakAdmin.Answer status(int status) {
        return new KeycloakAdmin.Answer(status, JSON.missingNode(), null);
    }

    /** The links the directory records as sent, in memory (no database here); holding an address's lock is free. */
    private static final class RecordedLinks extends InvitationLinks {

        final List<String> sent = new ArrayList<>();

        @Override
        public void sent(String address) {
            sent.add(address);
        }

        @Override
        public void hold(String address) {
            // one test, one thread
        }
    }

    private static KeycloakDirectory directory(KeycloakAdmin keycloak) {
        KeycloakDirectory directory = new KeycloakDirectory();
        directory.keycloak = keycloak;
        directory.links = new RecordedLinks();
        directory.discovery = issuer -> DOCUMENT.replace("ISSUER", issuer).getBytes(StandardCharsets.UTF_8);
        return directory;
    }

    /** Two organizations; {@code search} matches names (as Keycloak's does), {@code q=alias:} the alias. */
    private static ScriptedKeycloak organizations(boolean answersAliasQuery) {
        return new ScriptedKeycloak((method, path, body) -> {
            ArrayNode all = JSON.createArrayNode();
            all.addObject().put("id", "o-fans").put("name", "acme-eu fans").put("alias", "fans");
            all.addObject().put("id", "o-eu").put("name", "Acme Europe").put("alias", "acme-eu");
            ArrayNode page = JSON.createArrayNode();
            for (JsonNode o : all) {
                String name = o.path("name").asText();
                boolean match = path.contains("&search=") ? name.contains(path.replaceAll(".*&search=", ""))
                        : !path.contains("&q=") || !answersAliasQuery
                                || path.endsWith("&q=alias:" + o.path("alias").asText());
                if (match) {
                    page.add(o);
                }
            }
            return new KeycloakAdmin.Answer(200,
                    answersAliasQuery || !path.contains("&q=") ? page : JSON.createArrayNode(), null);
        });
    }

    @Test
    void anOrganizationIsFoundByItsIdThoughItsNameDiffersFromIt() {
        ScriptedKeycloak keycloak = organizations(true);
        assertEquals(Optional.of("o-eu"), directory(keycloak).organizationId("acme-eu"));
        assertEquals(List.of("GET /organizations?briefRepresentation=true&first=0&max=500&q=alias:acme-eu"),
                keycloak.calls);
        assertEquals(Optional.empty(), directory(organizations(true)).organizationId("acme"));
        // a Keycloak that does not answer the alias query: every organization is read
        assertEquals(Optional.of("o-eu"), directory(organizations(false)).organizationId("acme-eu"));
    }

    /**
     * An id is kept five minutes: a tenant deleted and created again on another instance has a new organization,
     * which this instance finds once its id of the old one is that old.
     */
    @Test
    void anOrganizationIdIsKeptFiveMinutesThenLookedUpAgain() {
        ScriptedKeycloak keycloak = organizations(true);
        KeycloakDirectory directory = directory(keycloak);
        directory.organizations.put("acme-eu", new KeycloakDirectory.Known("o-old"));
        assertEquals(Optional.of("o-old"), directory.organizationId("acme-eu"));
        assertEquals(List.of(), keycloak.calls, "a fresh id is used as it is");
        directory.organizations.put("acme-eu", new KeycloakDirectory.Known("o-old",
                System.nanoTime() - KeycloakDirectory.KEPT_NANOS - 1));
        assertEquals(Optional.of("o-eu"), directory.organizationId("acme-eu"));
        assertEquals(1, keycloak.calls.size(), keycloak.calls.toString());
        assertEquals("o-eu", directory.organizations.get("acme-eu").id());
    }

    @Test
    void aTenantWithoutAnOrganizationIsAConflictNotAServerError() {
        ScriptedKeycloak keycloak = organizations(true);
        TeamRefusal refusal = assertThrows(TeamRefusal.class,
                () -> directory(keycloak).invite("acme", "kim@acme.example", "csm"));
        assertEquals(409, refusal.status());
        assertEquals("Your organisation is missing in the sign-in service, so nobody can be invited or sign in"
                + " through it; nothing was changed. Contact support.", refusal.getMessage());
        assertEquals(409, assertThrows(TeamRefusal.class, () -> directory(organizations(true)).connectSso("acme",
                "https://login.acme.example", "bw", "secret", "acme.example", url -> Optional.empty())).status());
        assertEquals(List.of(), keycloak.calls.stream().filter(c -> !c.startsWith("GET ")).toList(), "nothing written");
    }

    @Test
    void aProviderWhoseDiscoveryDocumentSendsKeycloakToAPrivateAddressIsRefusedAndNothingIsConnected() {
        refusesADiscoveryDocumentNaming("tokenUrl");
        refusesADiscoveryDocumentNaming("tokenIntrospectionUrl"); // any address of it, not a list of known ones
    }

    private void refusesADiscoveryDocumentNaming(String field) {
        String document = "{\"issuer\":\"https://login.acme.example\","
                + "\"authorizationUrl\":\"https://login.acme.example/authorize\","
                + "\"tokenUrl\":\"https://login.acme.example/token\","
                + "\"jwksUrl\":\"https://login.acme.example/keys\",\"useJwksUrl\":\"true\","
                + "\"tokenIntrospectionUrl\":\"https://login.acme.example/introspect\"}";
        String wrong = document.replaceFirst("(\"" + field + "\":\")[^\"]*",
                "$1https://169.254.169.254/latest/meta-data/");
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> {
            if (path.startsWith("/organizations?")) {
                return ok("[{\"id\":\"o-eu\",\"name\":\"Acme Europe\",\"alias\":\"acme-eu\"}]");
            }
            if (path.equals("/identity-provider/import-config")) {
                return ok(wrong);
            }
            return status(204);
        });
        byte[] publicAddress = { 93, (byte) 184, (byte) 216, 34 };
        TeamDirectory.AddressCheck publicOnly = url -> IssuerAddress.endpointProblem(url, false,
                host -> List.of(java.net.InetAddress.getByAddress(host, publicAddress)));
        TeamRefusal refused = assertThrows(TeamRefusal.class, () -> directory(keycloak).connectSso("acme-eu",
                "https://login.acme.example", "bellwether", "secret", "acme.example", publicOnly));
        assertEquals(422, refused.status());
        assertEquals("issuer", refused.errors().get(0).field());
        assertEquals("The provider's discovery document names https://169.254.169.254/latest/meta-data/ (" + field
                + "), which Bellwether will not call: its host 169.254.169.254 is on a private network"
                + " (169.254.169.254):"
                + " connect a provider reachable on the internet", refused.errors().get(0).message());
        assertTrue(keycloak.calls.stream().noneMatch(call -> call.startsWith("POST /identity-provider/instances")
                || call.startsWith("PUT ")), keycloak.calls.toString());
    }

    /** A document naming another issuer is refused before Keycloak is handed it: Keycloak would keep that one. */
    @Test
    void aProviderWhoseDocumentNamesAnotherIssuerIsRefusedBeforeKeycloakIsAsked() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> {
            if (path.startsWith("/organizations?")) {
                return ok("[{\"id\":\"o-eu\",\"name\":\"Acme Europe\",\"alias\":\"acme-eu\"}]");
            }
            return status(204);
        });
        KeycloakDirectory directory = directory(keycloak);
        // the document names the issuer without the slash typed
        directory.discovery = issuer -> DOCUMENT.replace("ISSUER", "https://login.acme.example")
                .getBytes(StandardCharsets.UTF_8);
        TeamRefusal refused = assertThrows(TeamRefusal.class, () -> directory.connectSso("acme-eu",
                "https://login.acme.example/", "bellwether", "secret", "acme.example", url -> Optional.empty()));
        assertEquals(422, refused.status());
        assertEquals("The provider's discovery document names its issuer https://login.acme.example: enter exactly"
                + " that", refused.errors().get(0).message());
        assertTrue(keycloak.calls.stream().noneMatch(call -> call.startsWith("POST ") || call.startsWith("PUT ")),
                keycloak.calls.toString());
    }

    @Test
    void connectingAgainWithAnotherDomainReleasesTheOldOne() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> {
            if (path.startsWith("/organizations?")) {
                return ok("[{\"id\":\"o-eu\",\"name\":\"Acme Europe\",\"alias\":\"acme-eu\"}]");
            }
            if (method.equals("GET") && path.equals("/organizations/o-eu")) {
                return ok("{\"id\":\"o-eu\",\"alias\":\"acme-eu\",\"domains\":[{\"name\":\"acme-old.example\","
                        + "\"verified\":true}]}");
            }
            if (path.equals("/identity-provider/import-config")) {
                return ok("{\"issuer\":\"https://login.acme.example\","
                        + "\"authorizationUrl\":\"https://login.acme.example/authorize\"}");
            }
            if (method.equals("GET") && path.equals("/identity-provider/instances/sso-acme-eu")) {
                return ok("{\"alias\":\"sso-acme-eu\",\"displayName\":\"Company sign-in (acme-old.example)\","
                        + "\"config\":{\"kc.org.domain\":\"acme-old.example\","
                        + "\"logoutUrl\":\"https://login.old-provider.example/logout\"}}");
            }
            return status(204);
        });
        directory(keycloak).connectSso("acme-eu", "https://login.acme.example", "bellwether", "secret",
                "acme-new.example", url -> Optional.empty());
        // the new provider's settings replace the old ones whole: its document names no logout address
        String replaced = keycloak.calls.stream().filter(call -> call.startsWith(
                "PUT /identity-provider/instances/sso-acme-eu")).findFirst().orElseThrow();
        assertFalse(replaced.contains("old-provider"), replaced);
        assertTrue(replaced.contains("\"displayName\":\"Company sign-in (acme-new.example)\""), replaced);
        assertTrue(replaced.contains("\"authorizationUrl\":\"https://login.acme.example/authorize\""), replaced);
        // Keycloak was handed the document the app read, as a file: it fetched no address itself
        assertEquals(List.of("POST /identity-provider/import-config {\"providerId\":\"oidc\"}"), keycloak.calls
                .stream().filter(call -> call.contains("import-config")).toList());
        assertEquals(List.of(DOCUMENT.replace("ISSUER", "https://login.acme.example")), keycloak.files);
        List<String> claims = keycloak.calls.stream().filter(call -> call.startsWith("PUT /organizations/o-eu"))
                .toList();
        assertEquals(1, claims.size(), keycloak.calls.toString());
        assertTrue(claims.get(0).contains("\"domains\":[{\"name\":\"acme-new.example\",\"verified\":true}]"),
                claims.get(0));
    }

    @Test
    void connectingAgainGivesAProviderLeftWithoutItsCsmRuleThatRuleOnce() {
        List<String> mappers = new ArrayList<>();
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> {
            if (path.startsWith("/organizations?")) {
                return ok("[{\"id\":\"o-eu\",\"name\":\"Acme Europe\",\"alias\":\"acme-eu\"}]");
            }
            if (method.equals("GET") && path.equals("/organizations/o-eu")) {
                return ok("{\"id\":\"o-eu\",\"alias\":\"acme-eu\",\"domains\":[]}");
            }
            if (path.equals("/identity-provider/import-config")) {
                return ok("{\"issuer\":\"https://login.acme.example\"}");
            }
            if (method.equals("GET") && path.equals("/identity-provider/instances/sso-acme-eu")) {
                return ok("{\"alias\":\"sso-acme-eu\",\"config\":{}}"); // made by a first attempt that failed
            }
            if (path.equals("/identity-provider/instances/sso-acme-eu/mappers")) {
                if (method.equals("POST")) {
                    mappers.add(body.toString());
                }
                return ok("[" + String.join(",", mappers) + "]");
            }
            return status(204);
        });
        for (int attempt = 0; attempt < 2; attempt++) {
            directory(keycloak).connectSso("acme-eu", "https://login.acme.example", "bellwether", "secret",
                    "acme.example", url -> Optional.empty());
        }
        assertEquals(1, mappers.size(), keycloak.calls.toString());
        assertTrue(mappers.get(0).contains("\"identityProviderMapper\":\"oidc-hardcoded-role-idp-mapper\""),
                mappers.get(0));
        assertTrue(mappers.get(0).contains("\"role\":\"csm\""), mappers.get(0));
    }

    /** A step failing after the provider was written says the connection may be half made, not "nothing changed". */
    @Test
    void keycloakFailingMidwayLeavesAConnectionThatSaysItMayBeHalfMade() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> {
            if (path.startsWith("/organizations?")) {
                return ok("[{\"id\":\"o-eu\",\"name\":\"Acme Europe\",\"alias\":\"acme-eu\"}]");
            }
            if (method.equals("GET") && path.equals("/organizations/o-eu")) {
                return ok("{\"id\":\"o-eu\",\"alias\":\"acme-eu\",\"domains\":[]}");
            }
            if (path.equals("/identity-provider/import-config")) {
                return ok("{\"issuer\":\"https://login.acme.example\"}");
            }
            if (method.equals("GET") && path.equals("/identity-provider/instances/sso-acme-eu")) {
                return status(404);
            }
            if (path.equals("/identity-provider/instances/sso-acme-eu/mappers")) {
                return ok("[]");
            }
            return method.equals("PUT") && path.equals("/organizations/o-eu") ? status(500) : status(204);
        });
        assertThrows(KeycloakSso.HalfConnected.class, () -> directory(keycloak).connectSso("acme-eu",
                "https://login.acme.example", "bellwether", "secret", "acme.example", url -> Optional.empty()));
        assertTrue(keycloak.calls.stream().anyMatch(call -> call.startsWith("POST /identity-provider/instances ")),
                keycloak.calls.toString());
    }

    @Test
    void aDeletedTenantsOwnSignInProviderGoesWithItsOrganization() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> {
            if (path.startsWith("/organizations?")) {
                return ok("[{\"id\":\"o-eu\",\"name\":\"Acme Europe\",\"alias\":\"acme-eu\"}]");
            }
            if (path.startsWith("/organizations/o-eu/members")) {
                return ok(path.contains("first=0") ? "[{\"id\":\"u-1\",\"username\":\"cam\"}]" : "[]");
            }
            if (method.equals("GET") && path.startsWith("/users?")) {
                return ok("[]");
            }
            return path.equals("/identity-provider/instances/sso-gone") ? status(404) : status(204);
        });
        KeycloakDirectory directory = directory(keycloak);
        // an id this instance keeps from before: another instance has since deleted that organization
        directory.organizations.put("acme-eu", new KeycloakDirectory.Known("o-deleted-elsewhere"));
        directory.deleteOrganization("acme-eu");
        assertTrue(keycloak.calls.contains("DELETE /users/u-1"), keycloak.calls.toString());
        assertTrue(keycloak.calls.contains("DELETE /organizations/o-eu"), keycloak.calls.toString());
        assertTrue(keycloak.calls.stream().noneMatch(call -> call.contains("o-deleted-elsewhere")),
                keycloak.calls.toString());
        assertEquals("DELETE /identity-provider/instances/sso-acme-eu", keycloak.calls.get(keycloak.calls.size() - 1));
        // a tenant whose organization is already gone still loses its provider; none there is not a failure
        ScriptedKeycloak none = new ScriptedKeycloak((method, path, body) -> path.startsWith("/organizations?")
                || path.startsWith("/users?") ? ok("[]") : status(404));
        directory(none).deleteOrganization("gone");
        assertEquals("DELETE /identity-provider/instances/sso-gone", none.calls.get(none.calls.size() - 1));
    }

    /**
     * A user of a realm not yet moved to organizations names the tenant by the {@code tenant} attribute alone:
     * such a user is deleted with the tenant too, or they would be let into a new tenant given the same id.
     */
    @Test
    void aDeletedTenantsUsersWhoCarryItsIdAsTheirTenantAttributeGoToo() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> {
            if (path.startsWith("/organizations?")) {
                return ok("[{\"id\":\"o-eu\",\"name\":\"Acme Europe\",\"alias\":\"acme-eu\"}]");
            }
            if (path.startsWith("/organizations/o-eu/members")) {
                return ok("[]");
            }
            if (method.equals("GET") && path.startsWith("/users?")) {
                // Keycloak's attribute search; one match of another value is left alone, as are users at a later page
                return ok(path.contains("first=0") ? "[{\"id\":\"u-7\",\"username\":\"old\","
                        + "\"attributes\":{\"tenant\":[\"acme-eu\"]}},{\"id\":\"u-8\",\"username\":\"other\","
                        + "\"attributes\":{\"tenant\":[\"ACME-EU\"]}}]" : "[]");
            }
            return status(204);
        });
        directory(keycloak).deleteOrganization("acme-eu");
        assertTrue(keycloak.calls.contains("GET /users?briefRepresentation=false&exact=true&q=tenant:acme-eu"
                + "&first=0&max=500"), keycloak.calls.toString());
        assertTrue(keycloak.calls.contains("DELETE /users/u-7"), keycloak.calls.toString());
        assertTrue(keycloak.calls.stream().noneMatch(c -> c.startsWith("DELETE /users/u-8")),
                keycloak.calls.toString());
    }

    /**
     * Undoing a failed creation removes the organization it made and its members, and nothing else: a company's
     * people who already name the tenant by the old attribute, waiting for it to be set up, keep their sign-in.
     */
    @Test
    void undoingAFailedCreationLeavesTheUsersWhoNameTheTenantAndTheProviderAlone() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> {
            if (path.startsWith("/organizations?")) {
                return ok("[{\"id\":\"o-new\",\"name\":\"NewCo\",\"alias\":\"newco\"}]");
            }
            if (path.startsWith("/organizations/o-new/members")) {
                return ok(path.contains("first=0") ? "[{\"id\":\"u-invited\",\"username\":\"boss@newco.example\"}]"
                        : "[]");
            }
            if (method.equals("GET") && path.startsWith("/users?")) {
                return ok(path.contains("first=0") ? "[{\"id\":\"u-alice\",\"username\":\"alice\","
                        + "\"attributes\":{\"tenant\":[\"newco\"]}}]" : "[]");
            }
            return status(204);
        });
        directory(keycloak).removeCreatedOrganization("newco");
        assertTrue(keycloak.calls.contains("DELETE /users/u-invited"), keycloak.calls.toString());
        assertTrue(keycloak.calls.contains("DELETE /organizations/o-new"), keycloak.calls.toString());
        assertTrue(keycloak.calls.stream().noneMatch(c -> c.startsWith("DELETE /users/u-alice")
                || c.startsWith("GET /users?") || c.contains("identity-provider")), keycloak.calls.toString());
    }

    /** Keycloak marks the address verified when an invitation's link is used: until then, invited. */
    @Test
    void aMemberWhoseAddressIsNotVerifiedHasNotUsedTheirInvitation() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> {
            if (path.startsWith("/organizations?")) {
                return ok("[{\"id\":\"o-1\",\"name\":\"Acme\",\"alias\":\"acme\"}]");
            }
            if (path.startsWith("/organizations/o-1/members")) {
                return ok("[{\"id\":\"u-1\",\"username\":\"ada\",\"enabled\":true,\"emailVerified\":true},"
                        + "{\"id\":\"u-2\",\"username\":\"kim@acme.example\",\"enabled\":true,"
                        + "\"emailVerified\":false}]");
            }
            return ok("[{\"id\":\"r-admin\",\"name\":\"admin\"}]");
        });
        List<Member> members = directory(keycloak).members("acme");
        assertEquals(List.of("ada", "kim@acme.example"), members.stream().map(Member::user).toList());
        assertEquals(List.of(true, false), members.stream().map(Member::isActiveAdmin).toList());
        assertEquals(List.of(false, true), members.stream().map(Member::invited).toList());
    }

    @Test
    void whatKeycloakHasAlreadyIsTakenNotAnOutage() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> {
            if (method.equals("GET") && path.startsWith("/organizations?")) {
                return ok("[{\"id\":\"o-1\",\"name\":\"Acme\",\"alias\":\"acme\"}]");
            }
            return status(409);
        });
        KeycloakDirectory directory = directory(keycloak);
        assertEquals("The identity provider already has an organization named Acme Two or with the id acme: choose"
                + " another name or id.", assertThrows(IdentityDirectory.Taken.class,
                        () -> directory.createOrganization("acme", "Acme Two")).getMessage());
        assertEquals("ada@acme.example already has a Bellwether sign-in.", assertThrows(IdentityDirectory.Taken.class,
                () -> directory.invite("acme", "Ada@Acme.example", "csm")).getMessage());
    }

    /** Only the invitation's settings are read by these calls. */
    private static KeycloakAdminConfig inviteConfig() {
        return new KeycloakAdminConfig() {
            public String url() {
                throw new UnsupportedOperationException();
            }

            public String realm() {
                throw new UnsupportedOperationException();
            }

            public String clientId() {
                throw new UnsupportedOperationException();
            }

            public String clientSecret() {
                throw new UnsupportedOperationException();
            }

            public String inviteClientId() {
                return "bellwether-web";
            }

            public String inviteRedirect() {
                return "https://app.example/";
            }

            public java.time.Duration inviteLifespan() {
                return java.time.Duration.ofHours(72);
            }

            public java.time.Duration timeout() {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void anInvitationIsSentAgainAsKeycloaksEmailAndWithdrawnByDeletingTheUser() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> switch (method + " " + path) {
            case "DELETE /users/u-9" -> status(204);
            case "GET /users/u-gone/credentials" -> status(404);
            case "DELETE /users/u-down" -> status(500);
            case "GET /users/u-9/credentials", "GET /users/u-9/federated-identity", "GET /users/u-down/credentials",
                    "GET /users/u-down/federated-identity" -> ok("[]");
            default -> status(204);
        });
        KeycloakDirectory directory = directory(keycloak);
        directory.config = inviteConfig();
        Member kim = new Member("u-9", "kim@acme.example", "kim@acme.example", "kim@acme.example", List.of("csm"), true,
                true);
        directory.resend(kim);
        assertEquals(List.of("kim@acme.example"), ((RecordedLinks) directory.links).sent,
                "the link sent is recorded: its lifespan counts from now");
        directory.withdraw(kim);
        // one already gone is withdrawn; a refusal is an outage (503), not a silent success
        directory.withdraw(new Member("u-gone", "x", "x", "x@acme.example", List.of("csm"), true, true));
        assertThrows(KeycloakAdmin.Unavailable.class, () -> directory.withdraw(
                new Member("u-down", "y", "y", "y@acme.example", List.of("csm"), true, true)));
        assertEquals(List.of("GET /users/u-9/credentials", "GET /users/u-9/federated-identity",
                "PUT /users/u-9/execute-actions-email?client_id=bellwether-web"
                + "&redirect_uri=https://app.example/&lifespan=259200 [\"UPDATE_PASSWORD\"]",
                "GET /users/u-9/credentials", "GET /users/u-9/federated-identity", "DELETE /users/u-9",
                "GET /users/u-gone/credentials",
                "GET /users/u-down/credentials", "GET /users/u-down/federated-identity", "DELETE /users/u-down"),
                keycloak.calls);
    }

    /** A member who signs in but changed their address reads as invited: no password link is sent to them. */
    @Test
    void anInvitationIsNotSentAgainToAMemberWhoSignsIn() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> switch (method + " " + path) {
            case "GET /users/u-7/credentials" -> ok("[{\"type\":\"password\"}]");
            default -> status(204);
        });
        KeycloakDirectory directory = directory(keycloak);
        directory.config = inviteConfig();
        Member moved = new Member("u-7", "lee", "Lee", "lee@acme.example", List.of("csm"), true, true);
        TeamRefusal refused = assertThrows(TeamRefusal.class, () -> directory.resend(moved));
        assertEquals(409, refused.status());
        assertEquals("lee@acme.example has used the invitation and signs in: nothing was sent.", refused.getMessage());
        assertEquals(List.of("GET /users/u-7/credentials"), keycloak.calls);
        assertTrue(((RecordedLinks) directory.links).sent.isEmpty());
    }

    /**
     * Another organisation's unused invitation is a user found by exact address whose address is not verified and
     * who has neither a password nor a linked provider; anyone else at the address is no unused invitation.
     */
    @Test
    void anUnusedInvitationIsAnUnverifiedUserWithoutPasswordOrProviderAndIsRemovedByDeletingThem() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> switch (method + " " + path) {
            case "GET /users?exact=true&briefRepresentation=false&email=lee@acme.example" -> ok("[{\"id\":\"u-lee\","
                    + "\"email\":\"lee@acme.example\",\"emailVerified\":false,\"createdTimestamp\":1764000000000}]");
            case "GET /users?exact=true&briefRepresentation=false&email=cam@acme.example" -> ok("[{\"id\":\"u-cam\","
                    + "\"email\":\"cam@acme.example\",\"emailVerified\":true,\"createdTimestamp\":1}]");
            case "GET /users?exact=true&briefRepresentation=false&email=pat@acme.example" -> ok("[{\"id\":\"u-pat\","
                    + "\"email\":\"pat@acme.example\",\"emailVerified\":false,\"createdTimestamp\":1}]");
            case "GET /users/u-pat/credentials" -> ok("[{\"id\":\"c-1\",\"type\":\"password\"}]");
            case "GET /users/u-lee/credentials", "GET /users/u-lee/federated-identity" -> ok("[]");
            case "DELETE /users/u-lee" -> status(204);
            default -> ok("[]");
        });
        KeycloakDirectory directory = directory(keycloak);
        TeamDirectory.Unused lee = directory.unusedInvitation("Lee@Acme.example").orElseThrow();
        assertEquals(new TeamDirectory.Unused("u-lee", "lee@acme.example",
                java.time.Instant.ofEpochMilli(1764000000000L)), lee);
        assertEquals(Optional.empty(), directory.unusedInvitation("cam@acme.example"), "verified: signed up");
        assertEquals(Optional.empty(), directory.unusedInvitation("pat@acme.example"), "a password: signed up");
        assertEquals(Optional.empty(), directory.unusedInvitation("nobody@acme.example"));
        directory.remove(lee);
        assertEquals("DELETE /users/u-lee", keycloak.calls.get(keycloak.calls.size() - 1));
        assertEquals(1, keycloak.calls.stream().filter(call -> call.startsWith("DELETE")).count());
    }

    /**
     * Keycloak clears emailVerified when a member changes their address, so they look invited again; one
     * with a password, or signing in through their company's provider, is never deleted as an invitation.
     */
    @Test
    void aMemberWhoSignsInIsNotWithdrawnThoughTheirAddressIsUnverified() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> switch (method + " " + path) {
            case "GET /users/u-cam/credentials" -> ok("[{\"id\":\"c-1\",\"type\":\"password\"}]");
            case "GET /users/u-sso/credentials" -> ok("[]");
            case "GET /users/u-sso/federated-identity" -> ok("[{\"identityProvider\":\"sso-acme\"}]");
            case "GET /users/u-kc/credentials" -> status(500);
            default -> status(204);
        });
        KeycloakDirectory directory = directory(keycloak);
        for (String id : List.of("u-cam", "u-sso")) {
            TeamRefusal refused = assertThrows(TeamRefusal.class, () -> directory.withdraw(
                    new Member(id, id, id, id + "@acme.example", List.of("csm"), true, true)));
            assertEquals(409, refused.status());
            assertEquals(id + "@acme.example has used the invitation and signs in: disable them instead.",
                    refused.getMessage());
        }
        assertThrows(KeycloakAdmin.Unavailable.class, () -> directory.withdraw(
                new Member("u-kc", "z", "z", "z@acme.example", List.of("csm"), true, true)));
        assertTrue(keycloak.calls.stream().noneMatch(call -> call.startsWith("DELETE")), keycloak.calls.toString());
    }

    @Test
    void aRoleChangeWhoseSecondCallFailsIsUndone() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> switch (method + " " + path) {
            case "GET /users/u-1/role-mappings/realm", "GET /users/u-1/role-mappings/realm/composite" ->
                ok("[{\"id\":\"r-csm\",\"name\":\"csm\"}]");
            case "GET /roles/admin" -> ok("{\"id\":\"r-admin\",\"name\":\"admin\"}");
            case "POST /users/u-1/role-mappings/realm" -> status(204);
            default -> body != null && body.toString().contains("r-csm") ? status(500) : status(204);
        });
        assertThrows(KeycloakAdmin.Unavailable.class, () -> directory(keycloak).setRole(CAM, "admin"));
        assertEquals(List.of("GET /users/u-1/role-mappings/realm", "GET /roles/admin",
                "GET /users/u-1/role-mappings/realm/composite",
                "POST /users/u-1/role-mappings/realm [{\"id\":\"r-admin\",\"name\":\"admin\"}]",
                "DELETE /users/u-1/role-mappings/realm [{\"id\":\"r-csm\",\"name\":\"csm\"}]",
                "DELETE /users/u-1/role-mappings/realm [{\"id\":\"r-admin\",\"name\":\"admin\"}]"), keycloak.calls);
    }

    /**
     * A member who held no Bellwether role (taken away in Keycloak's console) and was given one by a change that then
     * failed is put back as they were: the role given, and only Bellwether's, is taken again.
     */
    @Test
    void aMemberWhoHeldNoRoleIsPutBackWithoutOne() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> switch (method + " " + path) {
            case "GET /users/u-1/role-mappings/realm" -> ok("[{\"id\":\"r-csm\",\"name\":\"csm\"},"
                    + "{\"id\":\"r-off\",\"name\":\"offline_access\"}]");
            default -> status(204);
        });
        directory(keycloak).putRoleBack(new Member("u-1", "cam", "Cam", "cam@acme.example", List.of(), false, false));
        assertEquals(List.of("GET /users/u-1/role-mappings/realm",
                "DELETE /users/u-1/role-mappings/realm [{\"id\":\"r-csm\",\"name\":\"csm\"}]"), keycloak.calls);
    }

    /**
     * In a realm whose admin role contains csm, a member given admin holds both; the csm it brings goes with it, so
     * admin to executive is a change Bellwether makes, and admin again is no refusal either.
     */
    @Test
    void aRoleContainedInTheRoleTakenAwayGoesWithIt() {
        java.util.concurrent.atomic.AtomicBoolean adminTaken = new java.util.concurrent.atomic.AtomicBoolean();
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> switch (method + " " + path) {
            case "GET /users/u-1/role-mappings/realm" -> ok("[{\"id\":\"r-admin\",\"name\":\"admin\","
                    + "\"composite\":true}]");
            case "GET /users/u-1/role-mappings/realm/composite" -> ok(adminTaken.get()
                    ? "[{\"id\":\"r-exec\",\"name\":\"executive\"}]"
                    : "[{\"id\":\"r-admin\",\"name\":\"admin\",\"composite\":true},{\"id\":\"r-csm\",\"name\":\"csm\","
                            + "\"composite\":false}]");
            case "GET /roles/admin/composites" -> ok("[{\"id\":\"r-csm\",\"name\":\"csm\",\"composite\":false}]");
            case "GET /roles/admin" -> ok("{\"id\":\"r-admin\",\"name\":\"admin\",\"composite\":true}");
            case "GET /roles/executive" -> ok("{\"id\":\"r-exec\",\"name\":\"executive\"}");
            case "DELETE /users/u-1/role-mappings/realm" -> {
                adminTaken.set(true);
                yield status(204);
            }
            default -> status(204);
        });
        KeycloakDirectory directory = directory(keycloak);
        directory.setRole(CAM, "executive");
        assertTrue(keycloak.calls.contains("POST /users/u-1/role-mappings/realm [{\"id\":\"r-exec\","
                + "\"name\":\"executive\"}]"), keycloak.calls.toString());
        assertTrue(keycloak.calls.contains("DELETE /users/u-1/role-mappings/realm [{\"id\":\"r-admin\","
                + "\"name\":\"admin\",\"composite\":true}]"), keycloak.calls.toString());
        keycloak.calls.clear();
        adminTaken.set(false); // the script's direct mappings still say admin: as they would be again
        directory.setRole(CAM, "admin");
        assertTrue(keycloak.calls.stream().noneMatch(c -> c.startsWith("DELETE")), keycloak.calls.toString());
        // what a member given one role holds, as their tokens (and the team list) carry it
        assertEquals(List.of("admin", "csm"), directory.rolesGiven("admin"));
        assertEquals(List.of("executive"), directory.rolesGiven("executive"));
    }

    /**
     * When the roles cannot be read back after the change, it is undone, as a failed write's is, and the failure
     * told.
     */
    @Test
    void aRoleChangeThatCannotBeReadBackIsUndone() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> switch (method + " " + path) {
            case "GET /users/u-1/role-mappings/realm" -> ok("[{\"id\":\"r-exec\",\"name\":\"executive\"}]");
            case "GET /users/u-1/role-mappings/realm/composite" -> reads.incrementAndGet() == 1
                    ? ok("[{\"id\":\"r-exec\",\"name\":\"executive\"}]") : status(503);
            case "GET /roles/csm" -> ok("{\"id\":\"r-csm\",\"name\":\"csm\"}");
            default -> status(204);
        });
        assertThrows(KeycloakAdmin.Unavailable.class, () -> directory(keycloak).setRole(CAM, "csm"));
        assertEquals(List.of("POST /users/u-1/role-mappings/realm [{\"id\":\"r-csm\",\"name\":\"csm\"}]",
                "DELETE /users/u-1/role-mappings/realm [{\"id\":\"r-exec\",\"name\":\"executive\"}]",
                "GET /users/u-1/role-mappings/realm/composite",
                "POST /users/u-1/role-mappings/realm [{\"id\":\"r-exec\",\"name\":\"executive\"}]",
                "DELETE /users/u-1/role-mappings/realm [{\"id\":\"r-csm\",\"name\":\"csm\"}]"),
                keycloak.calls.subList(3, keycloak.calls.size()));
    }

    /** What the new role contains is read before anything is written: when that read fails, nothing changed. */
    @Test
    void aCompositeRoleThatCannotBeReadChangesNothing() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> switch (method + " " + path) {
            case "GET /users/u-1/role-mappings/realm", "GET /users/u-1/role-mappings/realm/composite" ->
                ok("[{\"id\":\"r-exec\",\"name\":\"executive\"}]");
            case "GET /roles/admin" -> ok("{\"id\":\"r-admin\",\"name\":\"admin\",\"composite\":true}");
            case "GET /roles/admin/composites" -> reads.incrementAndGet() == 1
                    ? ok("[{\"id\":\"r-csm\",\"name\":\"csm\",\"composite\":false}]") : status(503);
            default -> status(204);
        });
        assertThrows(KeycloakAdmin.Unavailable.class, () -> directory(keycloak).setRole(CAM, "admin"));
        assertTrue(keycloak.calls.stream().noneMatch(c -> c.startsWith("POST") || c.startsWith("DELETE")),
                keycloak.calls.toString());
    }

    /**
     * A role given directly and by a Keycloak group as well: taking the direct mapping leaves the group's, so the
     * member keeps it. The change is undone and refused (it answered 200 and audited a demotion that did not happen).
     */
    @Test
    void aRoleGivenDirectlyAndByAGroupTooIsNotTakenAwayFromHere() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> switch (method + " " + path) {
            case "GET /users/u-1/role-mappings/realm" -> ok("[{\"id\":\"r-admin\",\"name\":\"admin\"}]");
            // the group's admin stays whatever the direct mappings are
            case "GET /users/u-1/role-mappings/realm/composite" -> ok("[{\"id\":\"r-admin\",\"name\":\"admin\"},"
                    + "{\"id\":\"r-csm\",\"name\":\"csm\"}]");
            case "GET /roles/csm" -> ok("{\"id\":\"r-csm\",\"name\":\"csm\"}");
            default -> status(204);
        });
        TeamRefusal refused = assertThrows(TeamRefusal.class, () -> directory(keycloak).setRole(CAM, "csm"));
        assertEquals(409, refused.status());
        assertEquals("cam has the role admin through a group or a composite role in the sign-in service (Keycloak),"
                + " not from Bellwether: take it away there first.", refused.getMessage());
        assertEquals(List.of("GET /users/u-1/role-mappings/realm", "GET /roles/csm",
                "GET /users/u-1/role-mappings/realm/composite",
                "POST /users/u-1/role-mappings/realm [{\"id\":\"r-csm\",\"name\":\"csm\"}]",
                "DELETE /users/u-1/role-mappings/realm [{\"id\":\"r-admin\",\"name\":\"admin\"}]",
                "GET /users/u-1/role-mappings/realm/composite",
                // put back as it was: the direct admin again, the csm given taken back
                "POST /users/u-1/role-mappings/realm [{\"id\":\"r-admin\",\"name\":\"admin\"}]",
                "DELETE /users/u-1/role-mappings/realm [{\"id\":\"r-csm\",\"name\":\"csm\"}]"), keycloak.calls);
    }

    /**
     * A role given by a Keycloak group (or a composite role) is in the member's tokens, so it is theirs: listed, and
     * counted as admin; Bellwether cannot take it away, so a change to another role is refused and changes nothing.
     */
    @Test
    void aRoleGivenByAKeycloakGroupCountsAndIsNotChangedFromHere() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> {
            if (path.startsWith("/organizations?")) {
                return ok("[{\"id\":\"o-1\",\"name\":\"Acme\",\"alias\":\"acme\"}]");
            }
            if (path.startsWith("/organizations/o-1/members")) {
                return ok("[{\"id\":\"u-1\",\"username\":\"cam\",\"enabled\":true,\"emailVerified\":true}]");
            }
            return switch (method + " " + path) {
                case "GET /users/u-1/role-mappings/realm" -> ok("[{\"id\":\"r-dflt\",\"name\":\"default-roles\"}]");
                case "GET /users/u-1/role-mappings/realm/composite" -> ok("[{\"id\":\"r-admin\",\"name\":\"admin\"},"
                        + "{\"id\":\"r-dflt\",\"name\":\"default-roles\"},"
                        + "{\"id\":\"r-off\",\"name\":\"offline_access\"}]");
                case "GET /roles/csm" -> ok("{\"id\":\"r-csm\",\"name\":\"csm\"}");
                default -> status(204);
            };
        });
        KeycloakDirectory directory = directory(keycloak);
        List<Member> members = directory.members("acme");
        assertEquals(List.of(List.of("admin")), members.stream().map(Member::roles).toList());
        assertTrue(members.get(0).isActiveAdmin());
        TeamRefusal refused = assertThrows(TeamRefusal.class, () -> directory.setRole(members.get(0), "csm"));
        assertEquals(409, refused.status());
        assertEquals("cam has the role admin through a group or a composite role in the sign-in service (Keycloak),"
                + " not from Bellwether: take it away there first.", refused.getMessage());
        assertTrue(keycloak.calls.stream().noneMatch(c -> c.startsWith("POST") || c.startsWith("DELETE")),
                keycloak.calls.toString());
    }

    @Test
    void aDisabledMemberWhoseSessionsCannotBeEndedIsEnabledAgain() {
        ScriptedKeycloak keycloak = new ScriptedKeycloak((method, path, body) -> switch (method + " " + path) {
            case "GET /users/u-1" -> ok("{\"id\":\"u-1\",\"username\":\"cam\",\"enabled\":true}");
            case "POST /users/u-1/logout" -> status(503);
            default -> status(204);
        });
        assertThrows(KeycloakAdmin.Unavailable.class, () -> directory(keycloak).setEnabled(CAM, false));
        assertEquals(List.of("GET /users/u-1", "PUT /users/u-1 {\"id\":\"u-1\",\"username\":\"cam\",\"enabled\":false}",
                "POST /users/u-1/logout", "PUT /users/u-1 {\"id\":\"u-1\",\"username\":\"cam\",\"enabled\":true}"),
                keycloak.calls);
    }
}
