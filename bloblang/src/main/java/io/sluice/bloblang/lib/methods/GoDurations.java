package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;

import static io.sluice.bloblang.lib.methods.GoLayoutParser.isAsciiDigit;

/** Go duration strings ({@code 1h30m}), ISO 8601 periods ({@code P1Y2M3DT4H}) and the arithmetic on times that uses them. */
final class GoDurations {
    private GoDurations() {
    }

    /** Go's {@code time.ParseDuration}, in nanoseconds. */
    static long parseDuration(String s) {
        String orig = s;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw invalidDuration(orig);
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && isAsciiDigit(s.charAt(i))) i++;
            boolean pre = i > start;
            String intPart = s.substring(start, i);
            String frac = "";
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < s.length() && isAsciiDigit(s.charAt(i))) i++;
                frac = s.substring(fs, i);
            }
            if (!pre && frac.isEmpty()) throw invalidDuration(orig);
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !isAsciiDigit(s.charAt(i))) i++;
            String unit = s.substring(us, i);
            if (unit.isEmpty()) throw new QueryException("time: missing unit in duration " + Values.goQuote(orig));
            long mult = switch (unit) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new QueryException("time: unknown unit " + Values.goQuote(unit) + " in duration " + Values.goQuote(orig));
            };
            BigDecimal v = new BigDecimal((intPart.isEmpty() ? "0" : intPart) + (frac.isEmpty() ? "" : "." + frac));
            total = total.add(v.multiply(BigDecimal.valueOf(mult)));
            if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) throw invalidDuration(orig);
        }
        long ns = total.setScale(0, RoundingMode.DOWN).longValueExact();
        return neg ? -ns : ns;
    }

    static QueryException invalidDuration(String s) {
        return new QueryException("time: invalid duration " + Values.goQuote(s));
    }

    /** An ISO 8601 period: calendar part (years, months, days incl. weeks) and clock part in seconds. */
    record Period(BigDecimal years, BigDecimal months, BigDecimal weeks, BigDecimal days,
                  BigDecimal hours, BigDecimal minutes, BigDecimal seconds, boolean negative) {

        private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
        private static final BigDecimal DAY_SECONDS = BigDecimal.valueOf(86_400);
        private static final BigDecimal YEAR_SECONDS = new BigDecimal("365.2425").multiply(DAY_SECONDS);

        static Period parse(String s) {
            String orig = s;
            if (s.isEmpty()) throw new QueryException("cannot parse a blank string as a period");
            boolean neg = false;
            if (s.charAt(0) == '-' || s.charAt(0) == '+') {
                neg = s.charAt(0) == '-';
                s = s.substring(1);
            }
            if (s.equals("P0")) return new Period(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, false);
            if (s.isEmpty() || s.charAt(0) != 'P') throw new QueryException(Values.goQuote(orig) + ": expected 'P' period mark at the start");
            BigDecimal[] v = new BigDecimal[7];
            Arrays.fill(v, BigDecimal.ZERO);
            boolean time = false;
            boolean any = false;
            int i = 1;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == 'T') {
                    if (time) throw new QueryException(Values.goQuote(orig) + ": 'T' designator cannot occur more than once");
                    time = true;
                    i++;
                    continue;
                }
                int start = i;
                while (i < s.length() && (isAsciiDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == ',' || s.charAt(i) == '-')) i++;
                if (i == start || i >= s.length()) throw new QueryException(Values.goQuote(orig) + ": missing designator at the end");
                BigDecimal num;
                try {
                    num = new BigDecimal(s.substring(start, i).replace(',', '.'));
                } catch (NumberFormatException e) {
                    throw new QueryException(Values.goQuote(orig) + ": expected a number but found '" + s.substring(start, i) + "'");
                }
                char d = s.charAt(i++);
                int slot = switch (d) {
                    case 'Y' -> time ? -1 : 0;
                    case 'M' -> time ? 5 : 1;
                    case 'W' -> time ? -1 : 2;
                    case 'D' -> time ? -1 : 3;
                    case 'H' -> time ? 4 : -1;
                    case 'S' -> time ? 6 : -1;
                    default -> -1;
                };
                if (slot < 0) throw new QueryException(Values.goQuote(orig) + ": expected a designator Y, M, W, D, H, or S not '" + d + "'");
                v[slot] = v[slot].add(num);
                any = true;
            }
            if (!any) throw new QueryException(Values.goQuote(orig) + ": expected 'Y', 'M', 'W', 'D', 'H', 'M', or 'S' designator");
            return new Period(v[0], v[1], v[2], v[3], v[4], v[5], v[6], neg);
        }

        Period negate() {
            return new Period(years, months, weeks, days, hours, minutes, seconds, !negative);
        }

        /** Nanoseconds with years of 365.2425 days and months of a twelfth of that. */
        long approxNanos() {
            BigDecimal secs = years.multiply(YEAR_SECONDS)
                    .add(months.multiply(YEAR_SECONDS).divide(BigDecimal.valueOf(12), MathContext.DECIMAL128))
                    .add(weeks.multiply(BigDecimal.valueOf(7)).add(days).multiply(DAY_SECONDS))
                    .add(clockSeconds());
            long ns = secs.multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.HALF_UP).longValue();
            return negative ? -ns : ns;
        }

        private BigDecimal clockSeconds() {
            return hours.multiply(BigDecimal.valueOf(3600)).add(minutes.multiply(BigDecimal.valueOf(60))).add(seconds);
        }

        private static boolean whole(BigDecimal d) {
            return d.stripTrailingZeros().scale() <= 0;
        }

        /**
         * Adds the period as Go's {@code AddDate} then {@code Add} would: whole years, months and days move
         * the calendar (with Go's normalisation: 31 January plus a month is 3 March), the rest is added as
         * an exact duration.
         */
        ZonedDateTime addTo(ZonedDateTime t) {
            int sign = negative ? -1 : 1;
            if (whole(years) && whole(months) && whole(weeks) && whole(days)) {
                int y = sign * years.intValueExact();
                int m = sign * months.intValueExact();
                int d = sign * (weeks.intValueExact() * 7 + days.intValueExact());
                ZonedDateTime moved = addDate(t, y, m, d);
                long ns = clockSeconds().multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.HALF_UP).longValue();
                return moved.plusNanos(sign * ns);
            }
            return t.plusNanos(approxNanos());
        }

        static ZonedDateTime addDate(ZonedDateTime t, int years, int months, int days) {
            long totalMonths = (long) t.getYear() * 12 + (t.getMonthValue() - 1) + (long) years * 12 + months;
            int year = (int) Math.floorDiv(totalMonths, 12);
            int month = Math.floorMod(totalMonths, 12) + 1;
            LocalDate date = LocalDate.of(year, month, 1).plusDays(t.getDayOfMonth() - 1L + days);
            return ZonedDateTime.ofLocal(date.atTime(t.toLocalTime()), t.getZone(), t.getOffset());
        }
    }

    /** Go's {@code Time.Round}: to the nearest multiple of {@code d} since year 1, halfway values up. */
    static ZonedDateTime round(ZonedDateTime t, long d) {
        if (d <= 0) return t;
        BigInteger zeroToUnix = BigInteger.valueOf(62135596800L).multiply(BigInteger.valueOf(1_000_000_000L));
        BigInteger since = BigInteger.valueOf(t.toEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(t.getNano())).add(zeroToUnix);
        BigInteger bd = BigInteger.valueOf(d);
        BigInteger r = since.mod(bd);
        BigInteger result = r.add(r).compareTo(bd) < 0 ? since.subtract(r) : since.add(bd.subtract(r));
        BigInteger unixNanos = result.subtract(zeroToUnix);
        BigInteger[] qr = unixNanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        long secs = qr[0].longValue();
        long nanos = qr[1].longValue();
        if (nanos < 0) {
            nanos += 1_000_000_000L;
            secs--;
        }
        return Instant.ofEpochSecond(secs, nanos).atZone(t.getZone());
    }

    /** Go's {@code Time.Sub}, saturating at the limits of a 64-bit nanosecond duration. */
    static long sub(ZonedDateTime a, ZonedDateTime b) {
        BigInteger diff = BigInteger.valueOf(a.toEpochSecond()).subtract(BigInteger.valueOf(b.toEpochSecond()))
                .multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(a.getNano() - b.getNano()));
        if (diff.bitLength() > 63) return diff.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        return diff.longValue();
    }

    static BigInteger unixNanos(ZonedDateTime t) {
        return BigInteger.valueOf(t.toEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(t.getNano()));
    }
}
