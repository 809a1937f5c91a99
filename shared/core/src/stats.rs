//! Small statistics over days (f64 is fine here: days and ratios are not money).

/// The median of the values; `None` when there are none. Even counts average the two middle values.
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    Some(if sorted.len() % 2 == 0 {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    })
}

/// The weighted median of `(value, weight)` pairs: the smallest value at which the weights reach half of
/// their total. Minimises the weighted absolute error, which is what a payment date is judged on.
/// `None` when there are no pairs or the weights do not add up to anything.
pub fn weighted_median(pairs: &[(f64, f64)]) -> Option<f64> {
    let total: f64 = pairs.iter().map(|&(_, weight)| weight.max(0.0)).sum();
    if pairs.is_empty() || total <= 0.0 || !total.is_finite() {
        return None;
    }
    let mut sorted = pairs.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut reached = 0.0;
    for &(value, weight) in &sorted {
        reached += weight.max(0.0);
        if reached >= total / 2.0 {
            return Some(value);
        }
    }
    sorted.last().map(|&(value, _)| value)
}

/// Linear interpolation through `points` (rising x), flat beyond the ends.
pub fn interpolate(points: &[(f64, f64)], x: f64) -> f64 {
    let Some(&(first_x, first_y)) = points.first() else {
        return 0.0;
    };
    if x <= first_x {
        return first_y;
    }
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if x <= x1 {
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        }
    }
    points.last().map(|&(_, y)| y).unwrap_or(first_y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(weighted_median(&[(1.0, 1.0), (10.0, 3.0)]), Some(10.0));
        assert_eq!(weighted_median(&[(1.0, 1.0), (2.0, 1.0), (3.0, 1.0)]), Some(2.0));
        assert_eq!(weighted_median(&[(1.0, 0.0)]), None);
    }

    #[test]
    fn interpolation_is_flat_beyond_the_ends() {
        let points = [(0.0, 10.0), (10.0, 0.0)];
        assert_eq!(interpolate(&points, -5.0), 10.0);
        assert_eq!(interpolate(&points, 5.0), 5.0);
        assert_eq!(interpolate(&points, 50.0), 0.0);
    }
}
