package dev.whatmoved.metrics.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads ISO-8601 timestamps with an offset ({@code 2026-11-24T10:15:30Z}, {@code 2026-11-24T10:15:30.25+02:00}). The
 * common shape is parsed by hand (ingestion reads millions of them); anything else goes through the JDK's parser.
 */
public final class Timestamps {

    private Timestamps() {}

    /** @throws DateTimeParseException when {@code text} is not a timestamp with an offset */
    public static Instant parse(String text) {
        Instant fast = fast(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    private static Instant fast(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int i = 19;
        long nanos = 0;
        if (s.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i - start < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int read = Math.min(i - start, 9);
            if (i == start) {
                return null;
            }
            for (int k = read; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw new DateTimeParseException(e.getMessage(), s, 0);
        }
        long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /**
     * The common shape read straight from ASCII bytes {@code b[from, to)} (the text of a JSON string): the same instant
     * as {@link #parse} gives for that text, or null when the text is not of the common shape or not a valid date (then
     * the caller takes the general path, which also words the error).
     */
    static Instant fast(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 20
                || b[from + 4] != '-'
                || b[from + 7] != '-'
                || (b[from + 10] != 'T' && b[from + 10] != 't')
                || b[from + 13] != ':'
                || b[from + 16] != ':') {
            return null;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || hour > 23
                || minute > 59
                || second > 59
                || month < 1
                || month > 12
                || day < 1
                || day > lengthOfMonth(year, month)) {
            return null;
        }
        long fraction = fraction(b, from + 19, to);
        if (fraction < 0) {
            return null;
        }
        int i = (int) (fraction >>> 32);
        long nanos = fraction & 0xFFFF_FFFFL;
        int offsetSeconds;
        if (i == to - 1 && (b[i] == 'Z' || b[i] == 'z')) {
            offsetSeconds = 0;
        } else if (i == to - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
            offsetSeconds = offset(b, i);
            if (offsetSeconds == NO_OFFSET) {
                return null;
            }
        } else {
            return null;
        }
        long seconds = epochDay(year, month, day) * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /**
     * Reads timestamps of the common shape in place, in a JSON string, remembering the last date (the points of a batch
     * share few dates): {@link #read} gives what {@link #fast(byte[], int, int)} gives for the string, or null when it
     * cannot tell (the caller then finds the string's end and asks {@code fast}).
     */
    static final class InPlace {

        private static final VarHandle LONGS =
                MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        /** The first eight bytes of the last date read, its last two, and its epoch day. */
        private long dateHead;

        private int dateTail = -1;
        private long dateEpochDay;
        /** After a successful {@link #read}: where the string's closing quote is. */
        int end;

        /**
         * The instant of the string that starts at {@code from} (after its opening quote) when it is of the common
         * shape and its closing quote comes before {@code to}; else null.
         */
        Instant read(byte[] b, int from, int to) {
            if (from + 21 > to) {
                return null;
            }
            long head = (long) LONGS.get(b, from);
            int tail = (b[from + 8] & 0xFF) | (b[from + 9] & 0xFF) << 8;
            long epochDay;
            if (head == dateHead && tail == dateTail) {
                epochDay = dateEpochDay;
            } else {
                if (b[from + 4] != '-' || b[from + 7] != '-') {
                    return null;
                }
                int year = digits(b, from, 4);
                int month = digits(b, from + 5, 2);
                int day = digits(b, from + 8, 2);
                if ((year | month | day) < 0
                        || month < 1
                        || month > 12
                        || day < 1
                        || day > lengthOfMonth(year, month)) {
                    return null;
                }
                epochDay = epochDay(year, month, day);
                dateHead = head;
                dateTail = tail;
                dateEpochDay = epochDay;
            }
            if (b[from + 10] != 'T' && b[from + 10] != 't') {
                return null;
            }
            // HH:MM:SS as one word: colons at bytes 2 and 5, digits elsewhere
            long time = (long) LONGS.get(b, from + 11);
            if ((time & 0x0000FF0000FF0000L) != 0x00003A00003A0000L) {
                return null;
            }
            long digits = time & 0xFFFF00FFFF00FFFFL;
            if ((((digits + 0x4646004646004646L) | (digits - 0x3030003030003030L)) & 0x8080008080008080L) != 0) {
                return null;
            }
            long d = digits - 0x3030003030003030L;
            int hour = (int) (d & 0xF) * 10 + (int) (d >>> 8 & 0xF);
            int minute = (int) (d >>> 24 & 0xF) * 10 + (int) (d >>> 32 & 0xF);
            int second = (int) (d >>> 48 & 0xF) * 10 + (int) (d >>> 56 & 0xF);
            if (hour > 23 || minute > 59 || second > 59) {
                return null;
            }
            long fraction = fraction(b, from + 19, to);
            if (fraction < 0) {
                return null;
            }
            int i = (int) (fraction >>> 32);
            long nanos = fraction & 0xFFFF_FFFFL;
            int offsetSeconds;
            if (i + 1 < to && (b[i] == 'Z' || b[i] == 'z') && b[i + 1] == '"') {
                offsetSeconds = 0;
                end = i + 1;
            } else if (i + 6 < to && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':' && b[i + 6] == '"') {
                offsetSeconds = offset(b, i);
                if (offsetSeconds == NO_OFFSET) {
                    return null;
                }
                end = i + 6;
            } else {
                return null;
            }
            long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
            return Instant.ofEpochSecond(seconds, nanos);
        }
    }

    /** What a fraction of n digits is multiplied by to give nanoseconds. */
    private static final long[] NANO_SCALE = {
        1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
    };

    /** {@link #offset} of an offset out of range. */
    private static final int NO_OFFSET = Integer.MIN_VALUE;

    /**
     * The fraction of a second that may follow the seconds at {@code b[i]} ({@code .} and 1 or more digits, the ninth
     * on ignored): where the text after it begins, shifted 32 bits up, or-ed with the nanoseconds; -1 for a {@code .}
     * without digits. Without a fraction: {@code i} and 0 nanoseconds.
     */
    private static long fraction(byte[] b, int i, int to) {
        long nanos = 0;
        if (b[i] == '.') {
            i++;
            int start = i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (i - start < 9) {
                    nanos = nanos * 10 + (b[i] - '0');
                }
                i++;
            }
            if (i == start) {
                return -1;
            }
            nanos *= NANO_SCALE[Math.min(i - start, 9)];
        }
        return (long) i << 32 | nanos;
    }

    /** The offset {@code +HH:MM} or {@code -HH:MM} at {@code b[i]} in seconds, or {@link #NO_OFFSET} out of range. */
    private static int offset(byte[] b, int i) {
        int oh = digits(b, i + 1, 2);
        int om = digits(b, i + 4, 2);
        if (oh < 0 || om < 0 || oh > 18 || om > 59) {
            return NO_OFFSET;
        }
        return (oh * 3600 + om * 60) * (b[i] == '-' ? -1 : 1);
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** {@link java.time.LocalDate#toEpochDay()} of a valid date of a year from 0 to 9999. */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!isLeap(year)) {
                total--;
            }
        }
        return total - 719_528; // days from 0000-01-01 to 1970-01-01
    }

    private static int digits(byte[] b, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            value = value * 10 + c;
        }
        return value;
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
