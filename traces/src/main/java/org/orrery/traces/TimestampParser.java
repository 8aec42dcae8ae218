package org.orrery.traces;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Parses wall-clock timestamps of the forms found in public traces into UTC epoch seconds and
 * nanoseconds, without regular expressions or allocation on the common path.
 *
 * <p>Accepted form: {@code YYYY-MM-DD}, a space or {@code T}, {@code HH:MM:SS}, optionally a
 * period and 1 to 9 fractional digits, optionally a zone: {@code Z}, {@code +HH:MM},
 * {@code +HHMM} or {@code +HH} (or with {@code -}). A timestamp without a zone is taken as UTC.
 * An offset is subtracted, so {@code 12:00:00+02:00} is {@code 10:00:00Z}. Leap seconds
 * ({@code :60}) are rejected.
 *
 * <p>One instance keeps the date of the last timestamp and reuses its epoch day while the date
 * text stays the same, which in a sorted trace is almost every row. Not thread-safe.
 */
final class TimestampParser {

  private static final int SECONDS_PER_DAY = 86_400;
  private static final int[] NANOS_PER_DIGIT_COUNT = {
    0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };
  private static final int DATE_LENGTH = 10;
  private static final int DATE_TIME_LENGTH = 19;

  private String cachedDate;
  private long cachedEpochDay;

  private long epochSecond;
  private int nano;
  private String error;

  /** UTC seconds since 1970-01-01T00:00:00Z of the last successful parse. */
  long epochSecond() {
    return epochSecond;
  }

  /** Nanoseconds within the second of the last successful parse, 0 to 999,999,999. */
  int nano() {
    return nano;
  }

  /** Reason the last parse failed, as a phrase for an error message. */
  String error() {
    return error;
  }

  /**
   * Parses {@code text[from, to)}.
   *
   * @return {@code true} on success; on failure {@link #error()} gives the reason
   */
  boolean parse(String text, int from, int to) {
    if (to - from < DATE_TIME_LENGTH) {
      return fail("too short for YYYY-MM-DD HH:MM:SS");
    }
    if (!hasDateShape(text, from)) {
      return fail("the date is not in the form YYYY-MM-DD");
    }
    if (!cachedDateMatches(text, from) && !parseDate(text, from)) {
      return false;
    }
    char separator = text.charAt(from + DATE_LENGTH);
    if (separator != ' ' && separator != 'T') {
      return fail("the date and time must be separated by a space or T");
    }
    int time = from + DATE_LENGTH + 1;
    if (!(isDigits(text, time, 2)
        && text.charAt(time + 2) == ':'
        && isDigits(text, time + 3, 2)
        && text.charAt(time + 5) == ':'
        && isDigits(text, time + 6, 2))) {
      return fail("the time is not in the form HH:MM:SS");
    }
    int hour = twoDigits(text, time);
    int minute = twoDigits(text, time + 3);
    int second = twoDigits(text, time + 6);
    if (hour > 23 || minute > 59 || second > 59) {
      return fail("the time " + text.substring(time, time + 8) + " is out of range 00:00:00..23:59:59");
    }

    int position = from + DATE_TIME_LENGTH;
    int fraction = 0;
    if (position < to && text.charAt(position) == '.') {
      position++;
      int digits = 0;
      while (position < to && isDigit(text.charAt(position))) {
        if (digits == 9) {
          return fail("more than 9 fractional digits");
        }
        fraction = fraction * 10 + (text.charAt(position) - '0');
        digits++;
        position++;
      }
      if (digits == 0) {
        return fail("no digits after the decimal point");
      }
      fraction *= NANOS_PER_DIGIT_COUNT[digits];
    }

    int offsetSeconds = 0;
    if (position < to) {
      offsetSeconds = parseOffset(text, position, to);
      if (error != null) {
        return false;
      }
    }

    epochSecond = cachedEpochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
    nano = fraction;
    error = null;
    return true;
  }

  /** Returns the zone offset in seconds, or sets {@link #error} and returns 0. */
  private int parseOffset(String text, int position, int to) {
    error = null;
    char sign = text.charAt(position);
    if (sign == 'Z' && position + 1 == to) {
      return 0;
    }
    if (sign != '+' && sign != '-') {
      fail("unexpected text after the seconds; expected a fraction, Z or an offset like +00:00");
      return 0;
    }

    int length = to - position - 1;
    int digits = position + 1;
    int hours;
    int minutes;
    if (length == 2 && isDigits(text, digits, 2)) {
      hours = twoDigits(text, digits);
      minutes = 0;
    } else if (length == 4 && isDigits(text, digits, 4)) {
      hours = twoDigits(text, digits);
      minutes = twoDigits(text, digits + 2);
    } else if (length == 5
        && isDigits(text, digits, 2)
        && text.charAt(digits + 2) == ':'
        && isDigits(text, digits + 3, 2)) {
      hours = twoDigits(text, digits);
      minutes = twoDigits(text, digits + 3);
    } else {
      fail("the zone offset is not in the form +HH:MM, +HHMM or +HH");
      return 0;
    }

    if (hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) {
      fail("the zone offset is out of range -18:00..+18:00");
      return 0;
    }
    int seconds = hours * 3600 + minutes * 60;
    return sign == '-' ? -seconds : seconds;
  }

  private boolean cachedDateMatches(String text, int from) {
    return cachedDate != null && text.regionMatches(from, cachedDate, 0, DATE_LENGTH);
  }

  private boolean parseDate(String text, int from) {
    int year = twoDigits(text, from) * 100 + twoDigits(text, from + 2);
    int month = twoDigits(text, from + 5);
    int day = twoDigits(text, from + 8);
    try {
      cachedEpochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      cachedDate = null;
      return fail("the date " + text.substring(from, from + DATE_LENGTH) + " does not exist");
    }
    cachedDate = text.substring(from, from + DATE_LENGTH);
    return true;
  }

  private static boolean hasDateShape(String text, int from) {
    return isDigits(text, from, 4)
        && text.charAt(from + 4) == '-'
        && isDigits(text, from + 5, 2)
        && text.charAt(from + 7) == '-'
        && isDigits(text, from + 8, 2);
  }

  private boolean fail(String reason) {
    error = reason;
    return false;
  }

  private static boolean isDigits(String text, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int twoDigits(String text, int from) {
    return (text.charAt(from) - '0') * 10 + (text.charAt(from + 1) - '0');
  }
}
