//! UTC instants and calendar dates: the only clock arithmetic AuthPilot needs (phase
//! boundaries, practice dates, RFC 3339 stamps), with no time-zone database.

use std::fmt;

/// A moment in UTC, counted in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(i64);

/// A calendar date (proleptic Gregorian), always valid once constructed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a date or time string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError(pub String);

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const SECONDS_PER_DAY: i64 = 86_400;

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    /// A date, or an error naming what is out of range.
    pub fn new(year: i32, month: u8, day: u8) -> Result<Date, TimeError> {
        if !(1..=9999).contains(&year) {
            return Err(TimeError(t!("time_year_range", year)));
        }
        if !(1..=12).contains(&month) {
            return Err(TimeError(t!("time_no_month", month)));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(TimeError(t!(
                "time_no_day",
                format!("{year:04}-{month:02}"),
                day
            )));
        }
        Ok(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, TimeError> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(TimeError(t!("time_not_date", text)));
        }
        let num = |range: std::ops::Range<usize>| -> Result<u32, TimeError> {
            let part = &text[range];
            if part.bytes().all(|b| b.is_ascii_digit()) {
                Ok(part.parse().expect("digits"))
            } else {
                Err(TimeError(t!("time_not_date", text)))
            }
        };
        Date::new(num(0..4)? as i32, num(5..7)? as u8, num(8..10)? as u8)
    }

    /// Midnight at the start of this date, UTC.
    pub fn start(self) -> Instant {
        Instant(self.days_since_epoch() * SECONDS_PER_DAY)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Instant {
    pub const fn from_unix_seconds(seconds: i64) -> Instant {
        Instant(seconds)
    }

    /// From a JavaScript `Date.now()` value (milliseconds, possibly fractional).
    pub fn from_unix_millis(millis: f64) -> Instant {
        Instant((millis / 1000.0).floor() as i64)
    }

    pub fn unix_seconds(self) -> i64 {
        self.0
    }

    pub fn date(self) -> Date {
        Date::from_days_since_epoch(self.0.div_euclid(SECONDS_PER_DAY))
    }

    /// Seconds into the day, 0..86400.
    pub fn seconds_of_day(self) -> i64 {
        self.0.rem_euclid(SECONDS_PER_DAY)
    }

    pub fn plus_seconds(self, seconds: i64) -> Instant {
        Instant(self.0 + seconds)
    }

    /// A UTC instant written `YYYY-MM-DDTHH:MM:SSZ`, or with an offset such as `+09:00`;
    /// fractional seconds are accepted and dropped. Anything else is refused.
    pub fn parse_rfc3339(text: &str) -> Result<Instant, TimeError> {
        let bad = || TimeError(t!("time_not_rfc3339", text));
        if !text.is_ascii() || text.len() < 20 {
            return Err(bad());
        }
        let date = Date::parse(&text[..10]).map_err(|_| bad())?;
        let b = text.as_bytes();
        if !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
            return Err(bad());
        }
        let two = |at: usize| -> Result<i64, TimeError> {
            let part = &text[at..at + 2];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                Ok(part.parse().expect("digits"))
            } else {
                Err(bad())
            }
        };
        let (hour, minute, second) = (two(11)?, two(14)?, two(17)?);
        if hour > 23 || minute > 59 || second > 59 {
            return Err(bad());
        }
        let mut rest = &text[19..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(bad());
            }
            rest = &fraction[digits..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
                if rest.as_bytes()[3] != b':' {
                    return Err(bad());
                }
                let digits = |r: std::ops::Range<usize>| -> Result<i64, TimeError> {
                    let part = &rest[r];
                    if part.bytes().all(|c| c.is_ascii_digit()) {
                        Ok(part.parse().expect("digits"))
                    } else {
                        Err(bad())
                    }
                };
                let (oh, om) = (digits(1..3)?, digits(4..6)?);
                if oh > 23 || om > 59 {
                    return Err(bad());
                }
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                sign * (oh * 3600 + om * 60)
            }
            _ => return Err(bad()),
        };
        Ok(Instant(
            date.start().0 + hour * 3600 + minute * 60 + second - offset,
        ))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn to_rfc3339(self) -> String {
        let s = self.seconds_of_day();
        let date = self.date();
        if (0..=9999).contains(&date.year) {
            // Digits put in place (no formatter): `verify` writes this for every entry's
            // stamps to check they are in canonical form (issue 34).
            let mut text = *b"0000-00-00T00:00:00Z";
            let mut put = |at: usize, width: usize, mut n: u32| {
                for i in (at..at + width).rev() {
                    text[i] = b'0' + (n % 10) as u8;
                    n /= 10;
                }
            };
            put(0, 4, date.year as u32);
            put(5, 2, u32::from(date.month));
            put(8, 2, u32::from(date.day));
            put(11, 2, (s / 3600) as u32);
            put(14, 2, (s / 60 % 60) as u32);
            put(17, 2, (s % 60) as u32);
            return String::from_utf8(text.to_vec()).expect("ASCII digits");
        }
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            s / 3600,
            s / 60 % 60,
            s % 60
        )
    }
}

/// A stored UTC time, short and explicit: `2022-10-15T10:00:00Z` → `2022-10-15 10:00 UTC`
/// (the stored text itself when it is not of that form).
pub fn short_utc(stamp: &str) -> String {
    match (stamp.get(..10), stamp.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t} UTC"),
        _ => stamp.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digits put in place are what the formatter wrote, from the first year to the last.
    #[test]
    fn rfc3339_is_the_formatted_text() {
        let formatted = |t: Instant| {
            let s = t.seconds_of_day();
            format!(
                "{}T{:02}:{:02}:{:02}Z",
                t.date(),
                s / 3600,
                s / 60 % 60,
                s % 60
            )
        };
        let first = Instant::parse_rfc3339("0001-01-01T00:00:00Z").expect("year 1");
        let last = Instant::parse_rfc3339("9999-12-31T23:59:59Z").expect("year 9999");
        let step = (last.unix_seconds() - first.unix_seconds()) / 20_011;
        for k in 0..=20_011 {
            let t = Instant::from_unix_seconds(first.unix_seconds() + k * step + k % 86_400);
            assert_eq!(t.to_rfc3339(), formatted(t));
        }
        assert_eq!(last.to_rfc3339(), "9999-12-31T23:59:59Z");
        assert_eq!(first.to_rfc3339(), "0001-01-01T00:00:00Z");
    }

    #[test]
    fn epoch_and_known_dates_round_trip() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        let oct = Date::new(2022, 10, 1).unwrap();
        assert_eq!(oct.start().unix_seconds(), 1_664_582_400);
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
    }

    #[test]
    fn invalid_dates_are_refused_with_a_reason() {
        assert!(Date::parse("2022-02-29")
            .unwrap_err()
            .0
            .contains("no day 29"));
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2022-13-01")
            .unwrap_err()
            .0
            .contains("month 13"));
        for bad in [
            "",
            "2022-9-15",
            "2022/09/15",
            "２０２２-09-15",
            "2022-09-15 ",
            "abcd-ef-gh",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rfc3339_parses_offsets_and_fractions_and_formats_utc() {
        let t = Instant::parse_rfc3339("2022-10-01T00:00:00Z").unwrap();
        assert_eq!(t, Date::new(2022, 10, 1).unwrap().start());
        assert_eq!(
            Instant::parse_rfc3339("2022-10-01T09:00:00.123+09:00").unwrap(),
            t
        );
        assert_eq!(t.plus_seconds(3661).to_rfc3339(), "2022-10-01T01:01:01Z");
        for bad in [
            "2022-10-01",
            "2022-10-01T24:00:00Z",
            "2022-10-01T00:00:00",
            "2022-10-01T00:00:00+0900",
            "2022-10-01T00:00:00.Z",
            "2022-10-01 00:00:00Z",
        ] {
            assert!(Instant::parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn millis_floor_towards_the_past() {
        assert_eq!(Instant::from_unix_millis(1999.0).unix_seconds(), 1);
        assert_eq!(Instant::from_unix_millis(-1.0).unix_seconds(), -1);
    }
}
