package dev.whatmoved.metrics.model;

import dev.whatmoved.metrics.domain.Granularity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a {@link RollupAccumulator}: what a request's points add to each bucket, as the staging table keeps it
 * until the rollups take it. Binary and exact (doubles as their bits): a version byte, a table of the metric keys and
 * dimension combinations, then per bucket its key and delta. About 75 bytes a bucket, however many points went in.
 */
public final class RollupCodec {

    static final int VERSION = 1;
    private static final Granularity[] GRANULARITIES = Granularity.values();

    private RollupCodec() {}

    public static byte[] encode(RollupAccumulator rollup) {
        List<Map.Entry<BucketKey, BucketDelta>> buckets = rollup.inLockOrder();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (Map.Entry<BucketKey, BucketDelta> bucket : buckets) {
            names.putIfAbsent(bucket.getKey().metric(), names.size());
            names.putIfAbsent(bucket.getKey().dimensions(), names.size());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + buckets.size() * 76);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(names.size());
            for (String name : names.keySet()) {
                out.writeUTF(name);
            }
            out.writeInt(buckets.size());
            for (Map.Entry<BucketKey, BucketDelta> bucket : buckets) {
                BucketKey key = bucket.getKey();
                BucketDelta delta = bucket.getValue();
                out.writeInt(names.get(key.metric()));
                out.writeByte(key.granularity().ordinal());
                out.writeInt(names.get(key.dimensions()));
                out.writeLong(key.start());
                out.writeDouble(delta.sum);
                out.writeLong(delta.count);
                out.writeDouble(delta.min);
                out.writeDouble(delta.max);
                out.writeDouble(delta.denominator);
                out.writeLong(delta.lastAt);
                out.writeDouble(delta.lastValue);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Whether {@code encoded} was written by a newer version of the service (in a rolling upgrade): this one cannot
     * read it, a newer instance will.
     */
    public static boolean writtenByNewer(byte[] encoded) {
        return encoded.length > 0 && (encoded[0] & 0xff) > VERSION;
    }

    /** Adds what {@code encoded} holds to {@code into}. */
    public static void decodeInto(byte[] encoded, RollupAccumulator into) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("staged deltas of version " + version + ", this service reads "
                        + VERSION + " (a newer service wrote them: upgrade this one)");
            }
            int nameCount = in.readInt();
            List<String> names = new ArrayList<>(nameCount);
            for (int i = 0; i < nameCount; i++) {
                names.add(in.readUTF());
            }
            int bucketCount = in.readInt();
            for (int i = 0; i < bucketCount; i++) {
                BucketKey key = new BucketKey(
                        names.get(in.readInt()),
                        GRANULARITIES[in.readUnsignedByte()],
                        names.get(in.readInt()),
                        in.readLong());
                BucketDelta delta = new BucketDelta();
                delta.sum = in.readDouble();
                delta.count = in.readLong();
                delta.min = in.readDouble();
                delta.max = in.readDouble();
                delta.denominator = in.readDouble();
                delta.lastAt = in.readLong();
                delta.lastValue = in.readDouble();
                into.add(key, delta);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("staged deltas cut short or corrupt", e);
        }
    }
}
