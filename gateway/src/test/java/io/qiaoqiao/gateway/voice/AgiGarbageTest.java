package io.qiaoqiao.gateway.voice;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.qiaoqiao.gateway.voice.VoiceEdgeFixture.RESIDENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A peer that does not speak FastAGI properly loses its own call and nobody else's. */
class AgiGarbageTest {
    private final VoiceEdgeFixture voice = new VoiceEdgeFixture();

    @AfterEach
    void stop() {
        voice.close();
    }

    @Test
    void headerCutOffBeforeItsEmptyLineEndsOnlyThatCall() throws Exception {
        CompletableFuture<List<String>> normal = normalCall();
        String reply = sendRaw("agi_network: yes\nagi_network_script: hotline\n");

        assertEquals("", reply, "the server closes without a command");
        assertNormalCallCompleted(normal);
        voice.awaitCalls("unknown", "protocol-error", 1);
    }

    @Test
    void headerWithoutAgiLinesEndsOnlyThatCall() throws Exception {
        CompletableFuture<List<String>> normal = normalCall();
        String reply = sendRaw("GET / HTTP/1.1\nHost: x\n\n");

        assertEquals("", reply);
        assertNormalCallCompleted(normal);
        voice.awaitCalls("unknown", "protocol-error", 1);
    }

    @Test
    void crlfLineEndingsEndOnlyThatCall() throws Exception {
        CompletableFuture<List<String>> normal = normalCall();
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "10.2").lineEnding("\r\n"));

        assertEquals(List.of(), commands);
        assertNormalCallCompleted(normal);
        voice.awaitCalls("unknown", "protocol-error", 1);
    }

    @Test
    void invalidCommandSyntaxReplyEndsOnlyThatCallWhichKeepsACallback() throws Exception {
        CompletableFuture<List<String>> normal = normalCall();
        List<String> commands = voice.complete(voice.call("hotline", "+8613900000055", "10.3")
                .replyWith("STREAM FILE", "520-Invalid command syntax.  Proper usage follows:\n"
                        + "Usage: STREAM FILE <filename> <escape digits> [sample offset]\n520 End of proper usage."));

        assertEquals(2, commands.size(), "no command after the 520: " + commands);
        assertNormalCallCompleted(normal);
        voice.awaitCalls("hotline", "protocol-error", 1);
        assertTrue(voice.desk.tickets.stream().anyMatch(t -> t.callerPhone().equals("+8613900000055")
                && t.kind() == VoiceDesk.RequestKind.CALLBACK), "the caller is called back");
    }

    @Test
    void unknownStatusCodeEndsOnlyThatCall() throws Exception {
        CompletableFuture<List<String>> normal = normalCall();
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "10.4").replyWith("ANSWER", "299 what?"));

        assertEquals(List.of("ANSWER"), commands);
        assertNormalCallCompleted(normal);
        voice.awaitCalls("hotline", "protocol-error", 1);
    }

    @Test
    void unknownScriptNameIsRefused() throws Exception {
        List<String> commands = voice.complete(voice.call("nonsense", RESIDENT, "10.5"));

        assertEquals(List.of(), commands);
        voice.awaitCalls("unknown", "no-script", 1);
    }

    private CompletableFuture<List<String>> normalCall() {
        return voice.call("hotline", "+8613900000077", "10.1").press('4').dial(voice.edge.port());
    }

    private void assertNormalCallCompleted(CompletableFuture<List<String>> normal) throws Exception {
        assertEquals(2, normal.get(20, TimeUnit.SECONDS).stream().filter(c -> c.startsWith("SAY DIGITS")).count());
        voice.awaitCalls("hotline", "completed", 1);
    }

    /** Sends bytes, half-closes, and returns whatever the server sent before closing. */
    private String sendRaw(String bytes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", voice.edge.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
