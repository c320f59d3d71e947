//! Finding where a difference changes sign between two points, by bisection: the break-evens of a sweep
//! and the build-or-buy volumes share it.

/// Which side of the crossing a point lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The side of the first end of the bracket.
    Low,
    /// The side of the second end.
    High,
    /// Exactly on the crossing.
    On,
    /// Nowhere: the difference has no value there (a provider cannot run the workload).
    Undefined,
}

/// Where a bisection ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bracket {
    /// The end on the low side.
    pub low: f64,
    /// The end on the high side.
    pub high: f64,
    /// The last point evaluated (the bracket's middle when none was).
    pub last: f64,
    /// Whether the bracket narrowed to the tolerance (or a point fell exactly on the crossing).
    pub converged: bool,
    /// Whether it stopped at a point without a value.
    pub undefined: bool,
}

/// Narrows `(low, high)`, whose ends lie on opposite sides of a crossing, by evaluating `side` at
/// `split(low, high)` (the arithmetic or the geometric middle), until `|high − low| ≤ tolerance·|high|`,
/// a point falls on the crossing or has no value, or `max_steps` points were evaluated.
pub fn bisect<E>(
    (mut low, mut high): (f64, f64),
    split: &dyn Fn(f64, f64) -> f64,
    tolerance: f64,
    max_steps: usize,
    side: &mut dyn FnMut(f64) -> Result<Side, E>,
) -> Result<Bracket, E> {
    let mut last = split(low, high);
    for _ in 0..max_steps {
        if (high - low).abs() <= tolerance * high.abs() {
            return Ok(Bracket { low, high, last, converged: true, undefined: false });
        }
        let mid = split(low, high);
        last = mid;
        match side(mid)? {
            Side::Low => low = mid,
            Side::High => high = mid,
            Side::On => return Ok(Bracket { low: mid, high: mid, last, converged: true, undefined: false }),
            Side::Undefined => return Ok(Bracket { low, high, last, converged: false, undefined: true }),
        }
    }
    let converged = (high - low).abs() <= tolerance * high.abs();
    Ok(Bracket { low, high, last, converged, undefined: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side_of(root: f64) -> impl FnMut(f64) -> Result<Side, ()> {
        move |x| {
            Ok(if x < root {
                Side::Low
            } else if x > root {
                Side::High
            } else {
                Side::On
            })
        }
    }

    #[test]
    fn it_narrows_to_the_tolerance_around_the_crossing() {
        let b = bisect((1.0, 4.0), &|a, b| 0.5 * (a + b), 1e-6, 100, &mut side_of(2.0_f64.sqrt())).unwrap();
        assert!(b.converged && b.low <= 2f64.sqrt() && 2f64.sqrt() <= b.high, "{b:?}");
        assert!(b.high - b.low <= 1e-6 * b.high);
        // Geometric middles, a decreasing bracket.
        let b = bisect((1e10, 1e4), &|a, b| (a * b).sqrt(), 1e-7, 200, &mut |x: f64| {
            Ok::<_, ()>(if x > 3.3e6 { Side::Low } else { Side::High })
        })
        .unwrap();
        assert!(b.converged && (b.high / 3.3e6 - 1.0).abs() < 1e-6, "{b:?}");
    }

    #[test]
    fn it_stops_on_an_exact_hit_an_undefined_point_or_the_step_limit() {
        let exact = bisect((0.0, 4.0), &|a, b| 0.5 * (a + b), 1e-9, 100, &mut side_of(2.0)).unwrap();
        assert_eq!((exact.low, exact.high, exact.converged), (2.0, 2.0, true));
        let hole = bisect((0.0, 4.0), &|a, b| 0.5 * (a + b), 1e-9, 100, &mut |_| Ok::<_, ()>(Side::Undefined)).unwrap();
        assert!(hole.undefined && !hole.converged && hole.last == 2.0);
        let short = bisect((0.0, 4.0), &|a, b| 0.5 * (a + b), 1e-12, 3, &mut side_of(0.9)).unwrap();
        assert!(!short.converged && short.low <= 0.9 && 0.9 <= short.high, "{short:?}");
    }
}
