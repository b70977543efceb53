namespace Splitstream.Geo;

/// <summary>
/// Geodesics on the WGS-84 ellipsoid by Karney's algorithm (C. F. F. Karney, "Algorithms for geodesics",
/// J. Geodesy 87, 43-55, 2013), transcribed from GeographicLib (MIT/X11) with the 6th-order series. Unlike
/// Vincenty's method it converges for every pair of points (including nearly antipodal ones) and is accurate to
/// about 15 nm. Only distance and azimuths are produced, and scratch arrays live on the stack, so a call allocates
/// nothing. <see cref="Distance"/> adds a fast path for the short segments between GPS samples.
/// </summary>
public static class Geodesic
{
    public const double EquatorialRadiusM = 6378137.0;
    public const double Flattening = 1 / 298.257223563;

    private const int Order = 6;
    private const int MaxIterations1 = 20;
    private const int MaxIterations2 = MaxIterations1 + 53 + 10;

    private static readonly double Tiny = Math.Sqrt(GeoMath.MinNormal);
    private const double Tol0 = GeoMath.MachineEpsilon;
    private const double Tol1 = 200 * Tol0;
    private static readonly double Tol2 = Math.Sqrt(Tol0);
    private static readonly double TolB = Tol0 * Tol2;
    private static readonly double XThresh = 1000 * Tol2;

    private const double F1 = 1 - Flattening;
    private const double E2 = Flattening * (2 - Flattening);
    private const double Ep2 = E2 / (F1 * F1);
    private const double N = Flattening / (2 - Flattening);
    private const double B = EquatorialRadiusM * F1;

    /// <summary>sig12 below which the auxiliary-sphere solution is already exact ("really short" lines).</summary>
    private static readonly double ETol2 = 0.1 * Tol2 / Math.Sqrt(Math.Max(0.001, Math.Abs(Flattening)) * Math.Min(1.0, 1 - Flattening / 2) / 2);

    // Series coefficients as static arrays: a collection expression of doubles would allocate on every call.
    private static readonly double[] A1m1Coefficients = [1, 4, 64, 0, 256];
    private static readonly double[] C1Coefficients = [-1, 6, -16, 32, -9, 64, -128, 2048, 9, -16, 768, 3, -5, 512, -7, 1280, -7, 2048];
    private static readonly double[] C1pCoefficients = [205, -432, 768, 1536, 4005, -4736, 3840, 12288, -225, 116, 384, -7173, 2695, 7680, 3467, 7680, 38081, 61440];
    private static readonly double[] A2m1Coefficients = [-11, -28, -192, 0, 256];
    private static readonly double[] C2Coefficients = [1, 2, 16, 32, 35, 64, 384, 2048, 15, 80, 768, 7, 35, 512, 63, 1280, 77, 2048];
    private static readonly double[] A3x = BuildA3Coefficients();
    private static readonly double[] C3x = BuildC3Coefficients();

    /// <summary>Longest segment measured by the short-segment fast path of <see cref="Distance"/>.</summary>
    public const double FastPathMaxDistanceM = 100;

    /// <summary>Highest |latitude| at which the fast path is used (its error grows with tan(latitude)).</summary>
    public const double FastPathMaxAbsLatitude = 85;

    /// <summary>
    /// Distance in metres between two points (the inverse problem without azimuths). Segments up to 100 m below 85°
    /// latitude, i.e. every GPS step, take a fast path: the plane through the mid-latitude radii of curvature of the
    /// ellipsoid, within 0.1 µm of Karney's solution there (checked against GeographicLib by the tests) and about ten
    /// times cheaper; everything else is solved by Karney's algorithm.
    /// </summary>
    public static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        if (Math.Abs(lat1) <= FastPathMaxAbsLatitude && Math.Abs(lat2) <= FastPathMaxAbsLatitude)
        {
            const double toRad = Math.PI / 180;
            double dLon = lon2 - lon1;
            if (Math.Abs(dLon) > 180) dLon = Math.IEEERemainder(dLon, 360);
            var (sinMid, cosMid) = Math.SinCos((lat1 + lat2) / 2 * toRad);
            double w2 = 1 - E2 * sinMid * sinMid;
            double primeVertical = EquatorialRadiusM / Math.Sqrt(w2);
            double meridional = primeVertical * (1 - E2) / w2;
            double s = double.Hypot(meridional * (lat2 - lat1) * toRad, primeVertical * cosMid * dLon * toRad);
            if (s <= FastPathMaxDistanceM) return s;
        }
        return SolveInverse(lat1, lon1, lat2, lon2, out _, out _, out _, out _);
    }

    /// <summary>Shortest path between two points: distance and the azimuths at both ends.</summary>
    public static GeodesicInverseResult Inverse(double lat1, double lon1, double lat2, double lon2)
    {
        double s12 = SolveInverse(lat1, lon1, lat2, lon2, out double salp1, out double calp1, out double salp2, out double calp2);
        return new GeodesicInverseResult(s12, GeoMath.Atan2d(salp1, calp1), GeoMath.Atan2d(salp2, calp2));
    }

    /// <summary>End point of a geodesic leaving (lat1, lon1) on <paramref name="azimuthDeg"/> for <paramref name="distanceM"/> metres.</summary>
    public static GeodesicDirectResult Direct(double lat1, double lon1, double azimuthDeg, double distanceM)
    {
        Span<double> c1a = stackalloc double[Order + 1];
        Span<double> c1pa = stackalloc double[Order + 1];
        Span<double> c3a = stackalloc double[Order];

        // GeodesicLine set-up.
        lat1 = GeoMath.LatFix(lat1);
        GeoMath.SinCosd(GeoMath.AngRound(azimuthDeg), out double salp1, out double calp1);
        GeoMath.SinCosd(GeoMath.AngRound(lat1), out double sbet1, out double cbet1);
        sbet1 *= F1;
        GeoMath.Normalize(ref sbet1, ref cbet1);
        cbet1 = Math.Max(Tiny, cbet1);

        double salp0 = salp1 * cbet1;
        double calp0 = double.Hypot(calp1, salp1 * sbet1);
        double ssig1 = sbet1, somg1 = salp0 * sbet1;
        double csig1 = sbet1 != 0 || calp1 != 0 ? cbet1 * calp1 : 1;
        double comg1 = csig1;
        GeoMath.Normalize(ref ssig1, ref csig1);

        double k2 = GeoMath.Sq(calp0) * Ep2;
        double eps = k2 / (2 * (1 + Math.Sqrt(1 + k2)) + k2);
        double a1m1 = A1m1f(eps);
        C1f(eps, c1a);
        double b11 = SinCosSeries(true, ssig1, csig1, c1a);
        double s = Math.Sin(b11), c = Math.Cos(b11);
        double stau1 = ssig1 * c + csig1 * s;
        double ctau1 = csig1 * c - ssig1 * s;
        C1pf(eps, c1pa);
        C3f(eps, c3a);
        double a3c = -Flattening * salp0 * A3f(eps);
        double b31 = SinCosSeries(true, ssig1, csig1, c3a);

        // Position at distance s12 (|f| < 0.01, so the reverted series needs no Newton correction).
        double tau12 = distanceM / (B * (1 + a1m1));
        if (!double.IsFinite(tau12)) tau12 = double.NaN;
        s = Math.Sin(tau12);
        c = Math.Cos(tau12);
        double b12 = -SinCosSeries(true, stau1 * c + ctau1 * s, ctau1 * c - stau1 * s, c1pa);
        double sig12 = tau12 - (b12 - b11);
        double ssig12 = Math.Sin(sig12), csig12 = Math.Cos(sig12);

        double ssig2 = ssig1 * csig12 + csig1 * ssig12;
        double csig2 = csig1 * csig12 - ssig1 * ssig12;
        double sbet2 = calp0 * ssig2;
        double cbet2 = double.Hypot(salp0, calp0 * csig2);
        if (cbet2 == 0) cbet2 = csig2 = Tiny;
        double salp2 = salp0, calp2 = calp0 * csig2;

        double somg2 = salp0 * ssig2, comg2 = csig2;
        double omg12 = Math.Atan2(somg2 * comg1 - comg2 * somg1, comg2 * comg1 + somg2 * somg1);
        double lam12 = omg12 + a3c * (sig12 + (SinCosSeries(true, ssig2, csig2, c3a) - b31));
        double lon12 = lam12 * (180 / Math.PI);
        double lon2 = GeoMath.AngNormalize(GeoMath.AngNormalize(lon1) + GeoMath.AngNormalize(lon12));
        double lat2 = GeoMath.Atan2d(sbet2, F1 * cbet2);
        return new GeodesicDirectResult(lat2, lon2, GeoMath.Atan2d(salp2, calp2));
    }

    /// <summary>GeographicLib's GenInverse restricted to distance and azimuths (sines/cosines).</summary>
    private static double SolveInverse(double lat1, double lon1, double lat2, double lon2,
        out double salp1, out double calp1, out double salp2, out double calp2)
    {
        double lon12 = GeoMath.AngDiff(lon1, lon2, out double lon12s);
        double lonsign = Math.CopySign(1, lon12);
        lon12 *= lonsign;
        lon12s *= lonsign;
        double lam12 = lon12 * (Math.PI / 180);
        GeoMath.SinCosde(lon12, lon12s, out double slam12, out double clam12);
        lon12s = (180 - lon12) - lon12s; // supplementary longitude difference

        lat1 = GeoMath.AngRound(GeoMath.LatFix(lat1));
        lat2 = GeoMath.AngRound(GeoMath.LatFix(lat2));
        // Canonical form: point 1 has the larger |latitude| and lies in the southern hemisphere, 0 <= lon12 <= 180.
        double swapp = Math.Abs(lat1) < Math.Abs(lat2) || double.IsNaN(lat2) ? -1 : 1;
        if (swapp < 0)
        {
            lonsign *= -1;
            (lat1, lat2) = (lat2, lat1);
        }
        double latsign = Math.CopySign(1, -lat1);
        lat1 *= latsign;
        lat2 *= latsign;

        GeoMath.SinCosd(lat1, out double sbet1, out double cbet1);
        sbet1 *= F1;
        GeoMath.Normalize(ref sbet1, ref cbet1);
        cbet1 = Math.Max(Tiny, cbet1);
        GeoMath.SinCosd(lat2, out double sbet2, out double cbet2);
        sbet2 *= F1;
        GeoMath.Normalize(ref sbet2, ref cbet2);
        cbet2 = Math.Max(Tiny, cbet2);

        if (cbet1 < -sbet1)
        {
            if (cbet2 == cbet1) sbet2 = Math.CopySign(sbet1, sbet2);
        }
        else if (Math.Abs(sbet2) == -sbet1)
        {
            cbet2 = cbet1;
        }

        double dn1 = Math.Sqrt(1 + Ep2 * GeoMath.Sq(sbet1));
        double dn2 = Math.Sqrt(1 + Ep2 * GeoMath.Sq(sbet2));

        Span<double> c1a = stackalloc double[Order + 1];
        Span<double> c2a = stackalloc double[Order + 1];
        Span<double> c3a = stackalloc double[Order];

        double s12x = double.NaN;
        double sig12;
        bool meridian = lat1 == -90 || slam12 == 0;
        salp1 = calp1 = salp2 = calp2 = double.NaN;

        if (meridian)
        {
            calp1 = clam12;
            salp1 = slam12;
            calp2 = 1.0;
            salp2 = 0.0;
            double ssig1 = sbet1, csig1 = calp1 * cbet1;
            double ssig2 = sbet2, csig2 = calp2 * cbet2;
            sig12 = Math.Atan2(Math.Max(0.0, csig1 * ssig2 - ssig1 * csig2) + 0.0, csig1 * csig2 + ssig1 * ssig2);
            Lengths(N, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, distance: true, reduced: true, c1a, c2a,
                out s12x, out double m12x, out _);
            if (sig12 < 1 || m12x >= 0)
            {
                if (sig12 < 3 * Tiny || (sig12 < Tol0 && (s12x < 0 || m12x < 0))) s12x = 0.0;
                s12x *= B;
            }
            else
            {
                meridian = false; // prolate and too close to antipodal: not the shortest path
            }
        }

        if (!meridian && sbet1 == 0 && lon12s >= Flattening * 180)
        {
            // Geodesic runs along the equator.
            calp1 = calp2 = 0.0;
            salp1 = salp2 = 1.0;
            s12x = EquatorialRadiusM * lam12;
        }
        else if (!meridian)
        {
            sig12 = InverseStart(sbet1, cbet1, dn1, sbet2, cbet2, dn2, lam12, slam12, clam12,
                out salp1, out calp1, out salp2, out calp2, out double dnm);
            if (sig12 >= 0)
            {
                s12x = sig12 * B * dnm; // short line solved on the auxiliary sphere
            }
            else
            {
                // Newton's method on alp1 with a bracket [alp1a, alp1b] kept as a fallback (bisection).
                int numit = 0;
                bool tripn = false, tripb = false;
                double salp1a = Tiny, calp1a = 1.0, salp1b = Tiny, calp1b = -1.0;
                double ssig1 = 0, csig1 = 0, ssig2 = 0, csig2 = 0, eps = 0;
                while (numit < MaxIterations2)
                {
                    double v = Lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam12, clam12,
                        numit < MaxIterations1, c1a, c2a, c3a,
                        out salp2, out calp2, out sig12, out ssig1, out csig1, out ssig2, out csig2, out eps, out double dv);
                    if (tripb || !(Math.Abs(v) >= (tripn ? 8 : 1) * Tol0)) break;
                    if (v > 0 && (numit > MaxIterations1 || calp1 / salp1 > calp1b / salp1b))
                    {
                        salp1b = salp1;
                        calp1b = calp1;
                    }
                    else if (v < 0 && (numit > MaxIterations1 || calp1 / salp1 < calp1a / salp1a))
                    {
                        salp1a = salp1;
                        calp1a = calp1;
                    }

                    numit++;
                    if (numit < MaxIterations1 && dv > 0)
                    {
                        double dalp1 = -v / dv;
                        double sdalp1 = Math.Sin(dalp1), cdalp1 = Math.Cos(dalp1);
                        double nsalp1 = salp1 * cdalp1 + calp1 * sdalp1;
                        if (nsalp1 > 0 && Math.Abs(dalp1) < Math.PI)
                        {
                            calp1 = calp1 * cdalp1 - salp1 * sdalp1;
                            salp1 = nsalp1;
                            GeoMath.Normalize(ref salp1, ref calp1);
                            tripn = Math.Abs(v) <= 16 * Tol0;
                            continue;
                        }
                    }
                    salp1 = (salp1a + salp1b) / 2;
                    calp1 = (calp1a + calp1b) / 2;
                    GeoMath.Normalize(ref salp1, ref calp1);
                    tripn = false;
                    tripb = Math.Abs(salp1a - salp1) + (calp1a - calp1) < TolB
                        || Math.Abs(salp1 - salp1b) + (calp1 - calp1b) < TolB;
                }
                Lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, distance: true, reduced: false, c1a, c2a,
                    out s12x, out _, out _);
                s12x *= B;
            }
        }

        if (swapp < 0)
        {
            (salp1, salp2) = (salp2, salp1);
            (calp1, calp2) = (calp2, calp1);
        }
        salp1 *= swapp * lonsign;
        calp1 *= swapp * latsign;
        salp2 *= swapp * lonsign;
        calp2 *= swapp * latsign;
        return 0.0 + s12x;
    }

    private static void Lengths(double eps, double sig12,
        double ssig1, double csig1, double dn1, double ssig2, double csig2, double dn2,
        bool distance, bool reduced, Span<double> c1a, Span<double> c2a,
        out double s12b, out double m12b, out double m0)
    {
        s12b = m12b = m0 = double.NaN;
        double a1 = A1m1f(eps);
        C1f(eps, c1a);
        double a2 = 0, m0x = 0, j12 = 0;
        if (reduced)
        {
            a2 = A2m1f(eps);
            C2f(eps, c2a);
            m0x = a1 - a2;
            a2 = 1 + a2;
        }
        a1 = 1 + a1;
        if (distance)
        {
            double b1 = SinCosSeries(true, ssig2, csig2, c1a) - SinCosSeries(true, ssig1, csig1, c1a);
            s12b = a1 * (sig12 + b1);
            if (reduced)
            {
                double b2 = SinCosSeries(true, ssig2, csig2, c2a) - SinCosSeries(true, ssig1, csig1, c2a);
                j12 = m0x * sig12 + (a1 * b1 - a2 * b2);
            }
        }
        else if (reduced)
        {
            for (int l = 1; l <= Order; l++) c2a[l] = a1 * c1a[l] - a2 * c2a[l];
            j12 = m0x * sig12 + (SinCosSeries(true, ssig2, csig2, c2a) - SinCosSeries(true, ssig1, csig1, c2a));
        }
        if (reduced)
        {
            m0 = m0x;
            // Parentheses keep the cancellation accurate for coincident points.
            m12b = dn2 * (csig1 * ssig2) - dn1 * (ssig1 * csig2) - csig1 * csig2 * j12;
        }
    }

    /// <summary>Starting azimuth for Newton's method; returns sig12 >= 0 when the line is short enough to need none.</summary>
    private static double InverseStart(double sbet1, double cbet1, double dn1, double sbet2, double cbet2, double dn2,
        double lam12, double slam12, double clam12,
        out double salp1, out double calp1, out double salp2, out double calp2, out double dnm)
    {
        double sig12 = -1;
        salp2 = calp2 = dnm = double.NaN;
        double sbet12 = sbet2 * cbet1 - cbet2 * sbet1;
        double cbet12 = cbet2 * cbet1 + sbet2 * sbet1;
        double sbet12a = sbet2 * cbet1;
        sbet12a += cbet2 * sbet1;

        bool shortline = cbet12 >= 0 && sbet12 < 0.5 && cbet2 * lam12 < 0.5;
        double somg12, comg12;
        if (shortline)
        {
            double sbetm2 = GeoMath.Sq(sbet1 + sbet2);
            sbetm2 /= sbetm2 + GeoMath.Sq(cbet1 + cbet2);
            dnm = Math.Sqrt(1 + Ep2 * sbetm2);
            double omg12 = lam12 / (F1 * dnm);
            somg12 = Math.Sin(omg12);
            comg12 = Math.Cos(omg12);
        }
        else
        {
            somg12 = slam12;
            comg12 = clam12;
        }

        salp1 = cbet2 * somg12;
        calp1 = comg12 >= 0
            ? sbet12 + cbet2 * sbet1 * GeoMath.Sq(somg12) / (1 + comg12)
            : sbet12a - cbet2 * sbet1 * GeoMath.Sq(somg12) / (1 - comg12);

        double ssig12 = double.Hypot(salp1, calp1);
        double csig12 = sbet1 * sbet2 + cbet1 * cbet2 * comg12;

        if (shortline && ssig12 < ETol2)
        {
            salp2 = cbet1 * somg12;
            calp2 = sbet12 - cbet1 * sbet2 * (comg12 >= 0 ? GeoMath.Sq(somg12) / (1 + comg12) : 1 - comg12);
            GeoMath.Normalize(ref salp2, ref calp2);
            sig12 = Math.Atan2(ssig12, csig12);
        }
        else if (Math.Abs(N) >= 0.1 || csig12 >= 0 || ssig12 >= 6 * Math.Abs(N) * Math.PI * GeoMath.Sq(cbet1))
        {
            // Zeroth-order spherical approximation is good enough to start from.
        }
        else
        {
            // Nearly antipodal: scale to the astroid problem (f > 0 branch only; WGS-84 is oblate).
            double lam12x = Math.Atan2(-slam12, -clam12);
            double k2 = GeoMath.Sq(sbet1) * Ep2;
            double eps = k2 / (2 * (1 + Math.Sqrt(1 + k2)) + k2);
            double lamscale = Flattening * cbet1 * A3f(eps) * Math.PI;
            double betscale = lamscale * cbet1;
            double x = lam12x / lamscale;
            double y = sbet12a / betscale;
            if (y > -Tol1 && x > -1 - XThresh)
            {
                salp1 = Math.Min(1.0, -x);
                calp1 = -Math.Sqrt(1 - GeoMath.Sq(salp1));
            }
            else
            {
                double k = Astroid(x, y);
                double omg12a = lamscale * (-x * k / (1 + k));
                somg12 = Math.Sin(omg12a);
                comg12 = -Math.Cos(omg12a);
                salp1 = cbet2 * somg12;
                calp1 = sbet12a - cbet2 * sbet1 * GeoMath.Sq(somg12) / (1 - comg12);
            }
        }

        if (!(salp1 <= 0))
        {
            GeoMath.Normalize(ref salp1, ref calp1);
        }
        else
        {
            salp1 = 1;
            calp1 = 0;
        }
        return sig12;
    }

    /// <summary>Longitude difference reached by a geodesic leaving point 1 at alp1, and its derivative.</summary>
    private static double Lambda12(double sbet1, double cbet1, double dn1, double sbet2, double cbet2, double dn2,
        double salp1, double calp1, double slam120, double clam120, bool diffp,
        Span<double> c1a, Span<double> c2a, Span<double> c3a,
        out double salp2, out double calp2, out double sig12,
        out double ssig1, out double csig1, out double ssig2, out double csig2, out double eps, out double dlam12)
    {
        if (sbet1 == 0 && calp1 == 0) calp1 = -Tiny; // break the degeneracy of the equatorial line

        double salp0 = salp1 * cbet1;
        double calp0 = double.Hypot(calp1, salp1 * sbet1);

        ssig1 = sbet1;
        double somg1 = salp0 * sbet1;
        csig1 = calp1 * cbet1;
        double comg1 = csig1;
        GeoMath.Normalize(ref ssig1, ref csig1);

        salp2 = cbet2 != cbet1 ? salp0 / cbet2 : salp1;
        calp2 = cbet2 != cbet1 || Math.Abs(sbet2) != -sbet1
            ? Math.Sqrt(GeoMath.Sq(calp1 * cbet1) + (cbet1 < -sbet1 ? (cbet2 - cbet1) * (cbet1 + cbet2) : (sbet1 - sbet2) * (sbet1 + sbet2))) / cbet2
            : Math.Abs(calp1);
        ssig2 = sbet2;
        double somg2 = salp0 * sbet2;
        csig2 = calp2 * cbet2;
        double comg2 = csig2;
        GeoMath.Normalize(ref ssig2, ref csig2);

        sig12 = Math.Atan2(Math.Max(0.0, csig1 * ssig2 - ssig1 * csig2) + 0.0, csig1 * csig2 + ssig1 * ssig2);
        double somg12 = Math.Max(0.0, comg1 * somg2 - somg1 * comg2) + 0.0;
        double comg12 = comg1 * comg2 + somg1 * somg2;
        double eta = Math.Atan2(somg12 * clam120 - comg12 * slam120, comg12 * clam120 + somg12 * slam120);

        double k2 = GeoMath.Sq(calp0) * Ep2;
        eps = k2 / (2 * (1 + Math.Sqrt(1 + k2)) + k2);
        C3f(eps, c3a);
        double b312 = SinCosSeries(true, ssig2, csig2, c3a) - SinCosSeries(true, ssig1, csig1, c3a);
        double domg12 = -Flattening * A3f(eps) * salp0 * (sig12 + b312);
        double lam12 = eta + domg12;

        if (diffp)
        {
            if (calp2 == 0)
            {
                dlam12 = -2 * F1 * dn1 / sbet1;
            }
            else
            {
                Lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, distance: false, reduced: true, c1a, c2a,
                    out _, out dlam12, out _);
                dlam12 *= F1 / (calp2 * cbet2);
            }
        }
        else
        {
            dlam12 = double.NaN;
        }
        return lam12;
    }

    /// <summary>Positive root k of k^4 + 2k^3 - (x^2 + y^2 - 1)k^2 - 2y^2 k - y^2 = 0.</summary>
    private static double Astroid(double x, double y)
    {
        double p = GeoMath.Sq(x);
        double q = GeoMath.Sq(y);
        double r = (p + q - 1) / 6;
        if (q == 0 && r <= 0) return 0;

        double s = p * q / 4;
        double r2 = GeoMath.Sq(r);
        double r3 = r * r2;
        double disc = s * (s + 2 * r3);
        double u = r;
        if (disc >= 0)
        {
            double t3 = s + r3;
            t3 += t3 < 0 ? -Math.Sqrt(disc) : Math.Sqrt(disc);
            double t = Math.Cbrt(t3);
            u += t + (t != 0 ? r2 / t : 0);
        }
        else
        {
            double ang = Math.Atan2(Math.Sqrt(-disc), -(s + r3));
            u += 2 * r * Math.Cos(ang / 3);
        }
        double v = Math.Sqrt(GeoMath.Sq(u) + q);
        double uv = u < 0 ? q / (v - u) : u + v;
        double w = (uv - q) / (2 * v);
        return uv / (Math.Sqrt(uv + GeoMath.Sq(w)) + w);
    }

    /// <summary>Clenshaw summation of sum(c[i] sin(2 i x), i = 1..n) (sinp) or sum(c[i] cos((2 i + 1) x), i = 0..n-1).</summary>
    private static double SinCosSeries(bool sinp, double sinx, double cosx, ReadOnlySpan<double> c)
    {
        int k = c.Length;
        int n = k - (sinp ? 1 : 0);
        double ar = 2 * (cosx - sinx) * (cosx + sinx);
        double y0 = (n & 1) != 0 ? c[--k] : 0;
        double y1 = 0;
        n /= 2;
        while (n-- > 0)
        {
            y1 = ar * y0 - y1 + c[--k];
            y0 = ar * y1 - y0 + c[--k];
        }
        return sinp ? 2 * sinx * cosx * y0 : cosx * (y0 - y1);
    }

    private static double A1m1f(double eps)
    {
        ReadOnlySpan<double> coeff = A1m1Coefficients;
        const int m = Order / 2;
        double t = GeoMath.PolyVal(m, coeff, 0, GeoMath.Sq(eps)) / coeff[m + 1];
        return (t + eps) / (1 - eps);
    }

    private static void C1f(double eps, Span<double> c)
    {
        ReadOnlySpan<double> coeff = C1Coefficients;
        EvaluateEvenSeries(eps, coeff, c);
    }

    private static void C1pf(double eps, Span<double> c)
    {
        ReadOnlySpan<double> coeff = C1pCoefficients;
        EvaluateEvenSeries(eps, coeff, c);
    }

    private static double A2m1f(double eps)
    {
        ReadOnlySpan<double> coeff = A2m1Coefficients;
        const int m = Order / 2;
        double t = GeoMath.PolyVal(m, coeff, 0, GeoMath.Sq(eps)) / coeff[m + 1];
        return (t - eps) / (1 + eps);
    }

    private static void C2f(double eps, Span<double> c)
    {
        ReadOnlySpan<double> coeff = C2Coefficients;
        EvaluateEvenSeries(eps, coeff, c);
    }

    /// <summary>Shared shape of C1, C1' and C2: c[l] = eps^l * poly_l(eps^2) / denominator_l for l = 1..Order.</summary>
    private static void EvaluateEvenSeries(double eps, ReadOnlySpan<double> coeff, Span<double> c)
    {
        double eps2 = GeoMath.Sq(eps);
        double d = eps;
        int o = 0;
        for (int l = 1; l <= Order; l++)
        {
            int m = (Order - l) / 2;
            c[l] = d * GeoMath.PolyVal(m, coeff, o, eps2) / coeff[o + m + 1];
            o += m + 2;
            d *= eps;
        }
    }

    private static double A3f(double eps) => GeoMath.PolyVal(Order - 1, A3x, 0, eps);

    private static void C3f(double eps, Span<double> c)
    {
        double mult = 1;
        int o = 0;
        for (int l = 1; l < Order; l++)
        {
            int m = Order - l - 1;
            mult *= eps;
            c[l] = mult * GeoMath.PolyVal(m, C3x, o, eps);
            o += m + 1;
        }
    }

    private static double[] BuildA3Coefficients()
    {
        ReadOnlySpan<double> coeff = [-3, 128, -2, -3, 64, -1, -3, -1, 16, 3, -1, -2, 8, 1, -1, 2, 1, 1];
        var a3x = new double[Order];
        int o = 0, k = 0;
        for (int j = Order - 1; j >= 0; j--)
        {
            int m = Math.Min(Order - j - 1, j);
            a3x[k++] = GeoMath.PolyVal(m, coeff, o, N) / coeff[o + m + 1];
            o += m + 2;
        }
        return a3x;
    }

    private static double[] BuildC3Coefficients()
    {
        ReadOnlySpan<double> coeff =
        [
            3, 128, 2, 5, 128, -1, 3, 3, 64, -1, 0, 1, 8, -1, 1, 4,
            5, 256, 1, 3, 128, -3, -2, 3, 64, 1, -3, 2, 32,
            7, 512, -10, 9, 384, 5, -9, 5, 192,
            7, 512, -14, 7, 512,
            21, 2560,
        ];
        var c3x = new double[Order * (Order - 1) / 2];
        int o = 0, k = 0;
        for (int l = 1; l < Order; l++)
        {
            for (int j = Order - 1; j >= l; j--)
            {
                int m = Math.Min(Order - j - 1, j);
                c3x[k++] = GeoMath.PolyVal(m, coeff, o, N) / coeff[o + m + 1];
                o += m + 2;
            }
        }
        return c3x;
    }
}
