/* SPDX-License-Identifier: MIT */
/*
 * Distribution functions shared by the modules.
 *
 * - Normal quantile: algorithm AS 241, PPND16 (M. J. Wichura, "The Percentage Points of the
 *   Normal Distribution", Applied Statistics 37(3):477–484, 1988), accurate to about 1 part in
 *   10^16. The coefficients are the published ones. Normal tail: erfc() (C99 7.12.8.2).
 * - Regularized incomplete beta: the continued fraction of Abramowitz & Stegun 26.5.8, evaluated
 *   with the modified Lentz method (W. J. Lentz, Applied Optics 15:668, 1976; Thompson & Barnett,
 *   J. Comput. Phys. 64:490, 1986), on the side of the symmetry I_x(a,b) = 1 − I_{1−x}(b,a)
 *   where it converges fast; ln B(a, b) by Stirling's series for large arguments.
 * - Its inverse: safeguarded Newton iteration inside a shrinking bracket (bisection when a
 *   Newton step would leave it), to full double precision.
 * - Regularized incomplete gamma: the series A&S 6.5.29 for x < a + 1, else the continued
 *   fraction A&S 6.5.31 (modified Lentz).
 * - Student t and F distributions through the incomplete beta (A&S 26.5.27 and 26.6.2),
 *   chi-square through the incomplete gamma (A&S 26.4.19).
 */
#define _DEFAULT_SOURCE /* lgamma_r */
#include "stats/distributions-private.h"

#include <float.h>
#include <math.h>

static double
poly7(const double c[8], double x)
{
    return ((((((c[7] * x + c[6]) * x + c[5]) * x + c[4]) * x + c[3]) * x + c[2]) * x + c[1]) * x +
           c[0];
}

double
cx_normal_quantile(double p)
{
    /* AS 241 PPND16: rational approximations on |q| ≤ 0.425, then in r = √(−ln min(p, 1−p)) for
     * r ≤ 5 and r > 5. */
    static const double a[8] = {
        3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
        1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
        3.3430575583588128105e+4, 2.5090809287301226727e+3,
    };
    static const double b[8] = {
        1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
        2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
        5.2264952788528545610e+3,
    };
    static const double c[8] = {
        1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
        3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
        2.27238449892691845833e-2, 7.74545014278341407640e-4,
    };
    static const double d[8] = {
        1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
        1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
        1.05075007164441684324e-9,
    };
    static const double e[8] = {
        6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
        2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
        2.71155556874348757815e-5, 2.01033439929228813265e-7,
    };
    static const double f[8] = {
        1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
        7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
        2.04426310338993978564e-15,
    };

    if (isnan(p) || p < 0.0 || p > 1.0)
        return NAN;
    if (p <= 0.0)
        return -HUGE_VAL;
    if (p >= 1.0)
        return HUGE_VAL;

    double q = p - 0.5;
    if (fabs(q) <= 0.425) {
        double r = 0.180625 - q * q;
        return q * poly7(a, r) / poly7(b, r);
    }
    double r = q < 0.0 ? p : 1.0 - p;
    r = sqrt(-log(r));
    double x;
    if (r <= 5.0) {
        r -= 1.6;
        x = poly7(c, r) / poly7(d, r);
    } else {
        r -= 5.0;
        x = poly7(e, r) / poly7(f, r);
    }
    return q < 0.0 ? -x : x;
}

double
cx_normal_z_for_level(double level)
{
    /* Φ⁻¹((1 + L)/2) computed as −Φ⁻¹((1 − L)/2): the small tail probability is exact in double
     * where 1 + L would round. */
    return -cx_normal_quantile((1.0 - level) / 2.0);
}

double
cx_normal_two_sided_p(double z)
{
    if (isnan(z))
        return NAN;
    return erfc(fabs(z) / sqrt(2.0));
}

/* ---- gamma and beta functions ---------------------------------------------------------------- */

double
cx_lgamma(double x)
{
    int sign;
    return lgamma_r(x, &sign);
}

/*
 * Modified Lentz evaluation of the A&S 26.5.8 continued fraction for I_x(a, b); y = 1 − x.
 * When x is near 1 the first denominator 1 − (a + b)x/(a + 1) is formed as
 * (1 − b + (a + b)y)/(a + 1): the same number, without the cancellation that loses digits when
 * a is large. (Near 0 the first form is the accurate one.)
 */
static double
beta_cf(double a, double b, double x, double y)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = x <= y ? 1.0 - qab * x / qap : (1.0 - b + qab * y) / qap;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 10000; m++) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 4.0 * DBL_EPSILON)
            break;
    }
    return h;
}

/*
 * Remainder of Stirling's series, ln Γ(x) − [(x − ½) ln x − x + ln √(2π)], for x ≥ 10:
 * Σ B₂ₖ / (2k(2k − 1) x^(2k−1)) (A&S 6.1.40), eight terms, below 1e-17 from x = 10 on.
 */
static double
stirling_remainder(double x)
{
    static const double c[8] = {
        1.0 / 12.0,   -1.0 / 360.0, 1.0 / 1260.0,  -1.0 / 1680.0,
        1.0 / 1188.0, -691.0 / 360360.0, 1.0 / 156.0, -3617.0 / 122400.0,
    };
    double x2 = 1.0 / (x * x), sum = 0.0;
    for (int k = 7; k >= 0; k--)
        sum = sum * x2 + c[k];
    return sum / x;
}

/*
 * ln B(a, b). ln Γ(a) + ln Γ(b) − ln Γ(a + b) loses about log10(ln Γ(a + b)) digits to
 * cancellation when a or b is large (degrees of freedom of big samples), so the large
 * arguments are handled with Stirling's series, where the large terms cancel analytically
 * (the method of DiDonato & Morris, ACM TOMS 18(3):360–373, 1992, for ln B).
 */
static double
log_beta(double a, double b)
{
    const double ln_sqrt_2pi = 0.918938533204672741780329736406;
    double p = fmin(a, b), q = fmax(a, b);
    if (p >= 10.0) {
        double corr = stirling_remainder(p) + stirling_remainder(q) - stirling_remainder(p + q);
        return -0.5 * log(q) + ln_sqrt_2pi + corr + (p - 0.5) * log(p / (p + q)) +
               q * log1p(-p / (p + q));
    }
    if (q >= 10.0) {
        double corr = stirling_remainder(q) - stirling_remainder(p + q);
        return cx_lgamma(p) + corr + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q));
    }
    return cx_lgamma(p) + cx_lgamma(q) - cx_lgamma(p + q);
}

/*
 * I_x(a, b) given both x and y = 1 − x, each accurate: callers that know y directly (the t and F
 * distributions do) pass it rather than let 1 − x be rounded, which b·ln(1 − x) would magnify
 * for large b. The logarithm of the smaller of x, y is taken directly and the other through
 * log1p, so both are accurate.
 */
static double
beta_inc_xy(double a, double b, double x, double y)
{
    if (!(a > 0.0) || !(b > 0.0) || isnan(x) || isnan(y) || !isfinite(a) || !isfinite(b))
        return NAN;
    if (x <= 0.0)
        return 0.0;
    if (y <= 0.0)
        return 1.0;
    double log_x, log_y;
    if (x <= y) {
        log_x = log(x);
        log_y = log1p(-x);
    } else {
        log_y = log(y);
        log_x = log1p(-y);
    }
    /* x^a (1−x)^b / B(a, b): the prefactor of the continued fraction. */
    double front = exp(a * log_x + b * log_y - log_beta(a, b));
    if (x < (a + 1.0) / (a + b + 2.0))
        return front * beta_cf(a, b, x, y) / a;
    return 1.0 - front * beta_cf(b, a, y, x) / b;
}

double
cx_beta_inc(double a, double b, double x)
{
    if (isnan(x))
        return NAN;
    return beta_inc_xy(a, b, x, 1.0 - x);
}

double
cx_beta_inc_inv(double a, double b, double p)
{
    if (!(a > 0.0) || !(b > 0.0) || !(p >= 0.0 && p <= 1.0))
        return NAN;
    if (p <= 0.0)
        return 0.0;
    if (p >= 1.0)
        return 1.0;
    double lo = 0.0, hi = 1.0, x = 0.5;
    double lbeta = log_beta(a, b);
    for (int i = 0; i < 1000; i++) {
        double f = cx_beta_inc(a, b, x) - p;
        if (f < 0.0)
            lo = x;
        else
            hi = x;
        /* Newton step with the density x^(a−1)(1−x)^(b−1)/B(a, b). */
        double dens = exp((a - 1.0) * log(x) + (b - 1.0) * log1p(-x) - lbeta);
        double next = x - f / dens;
        if (!(dens > 0.0) || !isfinite(next) || next <= lo || next >= hi)
            next = lo + (hi - lo) / 2.0;
        if (fabs(next - x) <= 4.0 * DBL_EPSILON * fmax(x, DBL_MIN) || hi - lo <= DBL_MIN ||
            next <= lo || next >= hi)
            return next > lo && next < hi ? next : x;
        x = next;
    }
    return x;
}

double
cx_gamma_inc_lower(double a, double x)
{
    if (!(a > 0.0) || !(x >= 0.0) || !isfinite(a))
        return NAN;
    if (x <= 0.0)
        return 0.0;
    if (isinf(x))
        return 1.0;
    double log_front = a * log(x) - x - cx_lgamma(a);
    if (x < a + 1.0) {
        /* A&S 6.5.29: P(a, x) = e^{−x} x^a Σ x^n / Γ(a + n + 1). */
        double ap = a, sum = 1.0 / a, del = sum;
        for (int n = 0; n < 100000; n++) {
            ap += 1.0;
            del *= x / ap;
            sum += del;
            if (fabs(del) < fabs(sum) * DBL_EPSILON)
                break;
        }
        return sum * exp(log_front);
    }
    return 1.0 - cx_gamma_inc_upper(a, x);
}

double
cx_gamma_inc_upper(double a, double x)
{
    if (!(a > 0.0) || !(x >= 0.0) || !isfinite(a))
        return NAN;
    if (x < a + 1.0)
        return 1.0 - cx_gamma_inc_lower(a, x);
    if (isinf(x))
        return 0.0;
    /* A&S 6.5.31 continued fraction for Q(a, x), modified Lentz. */
    const double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int i = 1; i < 100000; i++) {
        double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 4.0 * DBL_EPSILON)
            break;
    }
    return exp(a * log(x) - x - cx_lgamma(a)) * h;
}

/* ---- t, F, chi-square ------------------------------------------------------------------------ */

double
cx_t_two_sided_p(double t, double df)
{
    if (isnan(t) || !(df > 0.0))
        return NAN;
    if (isinf(t))
        return 0.0;
    /* A&S 26.5.27 / 26.7.1: P(|T| ≥ |t|) = I_x(df/2, ½), x = df/(df + t²), 1 − x = t²/(df + t²). */
    double t2 = t * t;
    return beta_inc_xy(df / 2.0, 0.5, df / (df + t2), t2 / (df + t2));
}

double
cx_t_cdf(double t, double df)
{
    if (isnan(t) || !(df > 0.0))
        return NAN;
    double tail = cx_t_two_sided_p(t, df) / 2.0;
    return t < 0.0 ? tail : 1.0 - tail;
}

double
cx_t_quantile(double p, double df)
{
    if (!(df > 0.0) || !(p >= 0.0 && p <= 1.0))
        return NAN;
    if (p <= 0.0)
        return -HUGE_VAL;
    if (p >= 1.0)
        return HUGE_VAL;
    double q = p < 0.5 ? p : 1.0 - p; /* one tail */
    if (fabs(q - 0.5) <= 0.0)
        return 0.0;
    /* Two equivalent equations give t: I_x(df/2, ½) = 2q with x = df/(df + t²), and
     * I_y(½, df/2) = 1 − 2q with y = t²/(df + t²) = 1 − x. Recovering t from x costs about ε/y of
     * relative precision (1 − x cancels when x is near 1, as in the centre or for large df);
     * forming 1 − 2q costs about ε/(t·f(t)) (the tail probability is rounded away in the far
     * tail). The normal approximation z ≈ t tells which loss is smaller. */
    double z = -cx_normal_quantile(q);
    double y_est = z * z / (df + z * z);
    double density = exp(-0.5 * z * z) * 0.398942280401432677939946059934; /* φ(z) */
    double t;
    if (y_est * z * density > 0.0 && 1.0 / y_est <= 1.0 / (z * density)) {
        double x = cx_beta_inc_inv(df / 2.0, 0.5, 2.0 * q);
        t = sqrt(df * (1.0 - x) / x);
    } else {
        double y = cx_beta_inc_inv(0.5, df / 2.0, 1.0 - 2.0 * q);
        t = sqrt(df * y / (1.0 - y));
    }
    return p < 0.5 ? -t : t;
}

double
cx_f_cdf(double x, double d1, double d2)
{
    if (isnan(x) || !(d1 > 0.0) || !(d2 > 0.0))
        return NAN;
    if (x <= 0.0)
        return 0.0;
    if (isinf(x))
        return 1.0;
    /* A&S 26.6.2: P(F ≤ x) = I_u(d1/2, d2/2), u = d1·x/(d1·x + d2), 1 − u = d2/(d1·x + d2). */
    double den = d1 * x + d2;
    return beta_inc_xy(d1 / 2.0, d2 / 2.0, d1 * x / den, d2 / den);
}

double
cx_f_sf(double x, double d1, double d2)
{
    if (isnan(x) || !(d1 > 0.0) || !(d2 > 0.0))
        return NAN;
    if (x <= 0.0)
        return 1.0;
    if (isinf(x))
        return 0.0;
    /* P(F > x) = I_v(d2/2, d1/2), v = d2/(d2 + d1·x): the upper tail without cancellation. */
    double den = d1 * x + d2;
    return beta_inc_xy(d2 / 2.0, d1 / 2.0, d2 / den, d1 * x / den);
}

double
cx_f_quantile(double p, double d1, double d2)
{
    if (!(d1 > 0.0) || !(d2 > 0.0) || !(p >= 0.0 && p <= 1.0))
        return NAN;
    if (p <= 0.0)
        return 0.0;
    if (p >= 1.0)
        return HUGE_VAL;
    if (p <= 0.5) {
        double y = cx_beta_inc_inv(d1 / 2.0, d2 / 2.0, p);
        return d2 * y / (d1 * (1.0 - y));
    }
    /* Upper half: solve for 1 − y directly so it keeps its precision. */
    double z = cx_beta_inc_inv(d2 / 2.0, d1 / 2.0, 1.0 - p);
    return d2 * (1.0 - z) / (d1 * z);
}

double
cx_chi2_sf(double x, double k)
{
    if (isnan(x) || !(k > 0.0))
        return NAN;
    if (x <= 0.0)
        return 1.0;
    return cx_gamma_inc_upper(k / 2.0, x / 2.0);
}

double
cx_quantile_sorted(const double *x, size_t n, double p)
{
    if (!x || n == 0 || !(p >= 0.0 && p <= 1.0))
        return NAN;
    /* Hyndman & Fan (1996) definition 7: h = (n − 1)p, interpolate between the order
     * statistics around h (0-based here). */
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}
