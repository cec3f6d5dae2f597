package dev.duoboot.linux;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * {@code sort()} of lib/sort.c (5.1 and later): a bottom-up heapsort. It is not stable, so where
 * the comparison ties (two dynamic regions, both 0/0, on 5.10 and 6.1) the order it leaves decides
 * which region is allocated first; a library sort would get that wrong.
 */
final class KernelSort {

    private KernelSort() {}

    static <T> void sort(List<T> v, Comparator<? super T> cmp) {
        int n = v.size();
        int a = n / 2;
        if (a == 0) {
            return;
        }
        for (;;) {
            int b;
            int c;
            int d;
            if (a > 0) {
                a--; // building the heap: sift down a
            } else if (--n > 0) {
                Collections.swap(v, 0, n); // extract the root to n
            } else {
                break;
            }
            // find the sift-down path to a leaf, one comparison per level
            for (b = a; (d = (c = 2 * b + 1) + 1) < n; ) {
                b = cmp.compare(v.get(c), v.get(d)) >= 0 ? c : d;
            }
            if (d == n) {
                b = c; // last leaf without a sibling
            }
            // backtrack to where a belongs, then rotate it into place
            while (b != a && cmp.compare(v.get(a), v.get(b)) >= 0) {
                b = (b - 1) / 2;
            }
            c = b;
            while (b != a) {
                b = (b - 1) / 2;
                Collections.swap(v, b, c);
            }
        }
    }
}
