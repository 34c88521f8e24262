package io.qiaoqiao.gateway.voice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The format of a WAV file, read from its RIFF chunks by hand (not with javax.sound, which
 * would accept what Asterisk does not): {@code RIFF <size> WAVE}, then chunks of
 * {@code <4-byte id> <size, little-endian>}, of which {@code fmt } holds format tag, channels,
 * rate and bits, and {@code data} the samples.
 *
 * @param formatTag 1 for PCM
 */
public record WavHeader(int formatTag, int channels, int sampleRate, int bitsPerSample, long dataBytes) {

    public static WavHeader read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || !id(b).equals("RIFF")) {
            throw new IOException(file + ": not a RIFF file");
        }
        b.getInt();
        if (!id(b).equals("WAVE")) {
            throw new IOException(file + ": RIFF but not WAVE");
        }
        int formatTag = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (b.remaining() >= 8) {
            String chunk = id(b);
            long size = Integer.toUnsignedLong(b.getInt());
            if (chunk.equals("fmt ")) {
                int start = b.position();
                formatTag = Short.toUnsignedInt(b.getShort());
                channels = Short.toUnsignedInt(b.getShort());
                rate = b.getInt();
                b.getInt(); // byte rate
                b.getShort(); // block align
                bits = Short.toUnsignedInt(b.getShort());
                b.position(start + (int) size);
            } else if (chunk.equals("data")) {
                if (formatTag < 0) {
                    throw new IOException(file + ": data before fmt");
                }
                return new WavHeader(formatTag, channels, rate, bits, Math.min(size, b.remaining()));
            } else {
                b.position(b.position() + (int) size + (int) (size & 1));
            }
        }
        throw new IOException(file + ": no data chunk");
    }

    /** Telephone quality as Asterisk plays it without transcoding: 8 kHz, mono, 16-bit PCM. */
    public boolean isTelephonePcm() {
        return formatTag == 1 && channels == 1 && sampleRate == 8000 && bitsPerSample == 16;
    }

    long samples() {
        return dataBytes / ((long) channels * bitsPerSample / 8);
    }

    public double seconds() {
        return samples() / (double) sampleRate;
    }

    private static String id(ByteBuffer b) {
        byte[] four = new byte[4];
        b.get(four);
        return new String(four, StandardCharsets.US_ASCII);
    }
}
