/*
 * dates.c: the day a claim was made.
 *
 * The attribution around a claim's cue verb may name a day ("said on
 * Sunday", "told the court on 3 March", "On Tuesday, X said"); it is kept
 * as a rule (cl_when) and resolved against the article's date by
 * cl_when_resolve(), so that --date re-resolves it.
 */
#include "extract/internal.h"

#include <string.h>

/* ---- a day in the tokens ------------------------------------------------- */

/* Index of word k in `list` (for weekdays and months, their number
 * counting from 0), or -1. */
static int list_at(const xstate *st, size_t k, const char *const *list)
{
	int i;

	if (k >= st->nt || st->t[k].kind != T_WORD)
		return -1;
	for (i = 0; list[i]; i++)
		if (weq(TWORD(st, k), st->t[k].len, list[i]))
			return i;
	return -1;
}

/* The month (1-12) named by token k, capitalised: "March", "Nov", "Sept". */
static int month_at(const xstate *st, size_t k)
{
	int m;

	if (k >= st->nt || st->t[k].kind != T_WORD || !st->t[k].cap)
		return 0;
	if ((m = list_at(st, k, cl_en_months)) >= 0 ||
	    (m = list_at(st, k, cl_en_month_abbrevs)) >= 0)
		return m + 1;
	if (tok_is(st, k, "sept"))
		return 9;
	return 0;
}

/* The value of token k when it is a number of 1 to 4 digits, with an
 * ordinal ending when `ord` ("21st"); else -1. */
static int number_at(const xstate *st, size_t k, int ord)
{
	const char *w;
	size_t n, i;
	int v = 0;

	if (k >= st->nt || st->t[k].kind != T_WORD)
		return -1;
	w = TWORD(st, k);
	n = st->t[k].len;
	for (i = 0; i < n && i < 5 && w[i] >= '0' && w[i] <= '9'; i++)
		v = v * 10 + (w[i] - '0');
	if (i == 0 || i > 4)
		return -1;
	if (i == n)
		return v;
	if (ord && n - i == 2 && (weq(w + i, 2, "st") || weq(w + i, 2, "nd") ||
				  weq(w + i, 2, "rd") || weq(w + i, 2, "th")))
		return v;
	return -1;
}

static int day_at(const xstate *st, size_t k)
{
	int d = number_at(st, k, 1);

	return d >= 1 && d <= 31 ? d : 0;
}

static int year_at(const xstate *st, size_t k)
{
	int y = number_at(st, k, 0);

	return st->t[k].len == 4 && y >= 1900 && y <= 2099 ? y : 0;
}

/* A calendar date starting at token k, within [k..hi]: "21 November
 * (2021)", "21st of November", "November 21(, 2021)", "Nov. 21", or an
 * ISO "2021-11-21".  Returns the token after it, or 0. */
static size_t calendar_at(const xstate *st, size_t k, size_t hi, cl_when *w)
{
	int d, m, y;
	size_t j;

	if (k > hi || st->t[k].kind != T_WORD)
		return 0;
	if (st->t[k].len == 10) {
		const char *v = TWORD(st, k);
		int ok = 1, i;
		for (i = 0; i < 10; i++)
			ok &= (i == 4 || i == 7) ? v[i] == '-' : (v[i] >= '0' && v[i] <= '9');
		if (ok) {
			w->kind = CL_WHEN_FULL;
			w->y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
			w->m = (v[5] - '0') * 10 + (v[6] - '0');
			w->d = (v[8] - '0') * 10 + (v[9] - '0');
			return k + 1;
		}
	}
	if ((d = day_at(st, k)) > 0) {
		j = k + 1;
		if (j <= hi && tok_is(st, j, "of"))
			j++;
		if (j > hi || (m = month_at(st, j)) == 0)
			return 0;
		j++;
		if (j <= hi && tok_punct(st, j, ".") && st->t[j - 1].len <= 4)
			j++;
	} else if ((m = month_at(st, k)) > 0) {
		j = k + 1;
		if (j <= hi && tok_punct(st, j, ".") && st->t[k].len <= 4)
			j++;
		if (j > hi || (d = day_at(st, j)) == 0)
			return 0;
		j++;
		if (j + 1 <= hi && tok_punct(st, j, ",") && year_at(st, j + 1))
			j++;
	} else {
		return 0;
	}
	w->m = m;
	w->d = d;
	if (j <= hi && (y = year_at(st, j)) > 0) {
		w->kind = CL_WHEN_FULL;
		w->y = y;
		return j + 1;
	}
	w->kind = CL_WHEN_MONTH_DAY;
	w->y = 0;
	return j;
}

/* A day named at token k, within [k..hi]; returns the token after it,
 * or 0. */
static size_t day_named_at(const xstate *st, size_t k, size_t hi, cl_when *w)
{
	size_t j;
	int wd;

	if (k > hi || st->t[k].kind != T_WORD)
		return 0;
	if (tok_is(st, k, "yesterday") || tok_is(st, k, "today") || tok_is(st, k, "tonight")) {
		w->kind = CL_WHEN_DAYS_BACK;
		w->y = w->m = 0;
		w->d = tok_is(st, k, "yesterday");
		return k + 1;
	}
	if (st->t[k].cap && (wd = list_at(st, k, cl_en_weekdays)) >= 0) {
		/* "on Sunday, 21 November": the calendar date says more. */
		j = k + 1;
		if (j <= hi && tok_punct(st, j, ","))
			j++;
		if ((j = calendar_at(st, j, hi, w)) != 0)
			return j;
		if (k > 0 && tok_is(st, k - 1, "next"))
			return 0;
		w->kind = k > 0 && tok_is(st, k - 1, "last") ? CL_WHEN_LAST_WEEKDAY :
		       CL_WHEN_WEEKDAY;
		w->y = w->m = 0;
		w->d = wd;
		return k + 1;
	}
	return calendar_at(st, k, hi, w);
}

/* ---- the day of an attribution ------------------------------------------- */

/* May token k carry the attribution's date: outside the claim and its
 * quotes? */
static int when_usable(const xstate *st, size_t k)
{
	if (k >= st->nt || st->t[k].inq || st->t[k].kind == T_QMARK || cl_x_is_terminal(st, k))
		return 0;
	if (k >= st->d_a && k <= st->d_b && !(st->d_skip && st->d_skip[k - st->d_skip0]))
		return 0;
	return 1;
}

/* Punctuation inside a date ("Nov. 21, 2021", "Sunday, 21 November"). */
static int date_punct(const xstate *st, size_t k)
{
	if (k > 0 && tok_punct(st, k, "."))
		return month_at(st, k - 1) > 0 && st->t[k - 1].len <= 4;
	return k > 0 && tok_punct(st, k, ",") &&
	       ((number_at(st, k - 1, 1) > 0 && year_at(st, k + 1)) ||
		(list_at(st, k - 1, cl_en_weekdays) >= 0 &&
		 (day_at(st, k + 1) || month_at(st, k + 1))));
}

/*
 * The day named by the attribution of the claim being added (st->d_*):
 * the few words around its cue verb, outside the claim, its quotes and
 * any other event's phrase: "X said on Sunday", "said yesterday", "told
 * the court on 3 March", "On Tuesday, X said".  The words after the cue
 * come first; else the one nearest the cue before it.
 */
void cl_x_attr_when(const xstate *st, size_t s, size_t e, cl_when *w)
{
	size_t c = st->d_cue, k, hi, lo;
	cl_when t;

	memset(w, 0, sizeof *w);
	w->kind = CL_WHEN_ARTICLE;
	if (c == SIZE_MAX || c < s || c > e || c >= st->nt)
		return;
	/* After the cue: up to 8 tokens, to a clause mark. */
	for (hi = c, k = c + 1; k <= e && k <= c + 8 && when_usable(st, k); k++) {
		if (tok_in(st, k, cl_en_when_stops) ||
		    (st->t[k].kind == T_PUNCT && !date_punct(st, k)))
			break;
		hi = k;
	}
	for (k = c + 1; k <= hi; k++)
		if (day_named_at(st, k, hi, &t)) {
			*w = t;
			return;
		}
	/* Before the cue: up to 8 tokens back to a clause mark, or a
	 * leading time phrase and its comma ("On Tuesday, X said"). */
	for (lo = c, k = c; k > s && c - k < 8; k--) {
		size_t p = k - 1, j;
		if (!when_usable(st, p) || tok_in(st, p, cl_en_when_stops))
			break;
		if (st->t[p].kind == T_PUNCT && !date_punct(st, p)) {
			if (!tok_punct(st, p, ",") || p - s > 7 || p == s ||
			    !(tok_in(st, s, cl_en_when_openers) ||
			      day_named_at(st, s, p - 1, &t)))
				break;
			for (j = s; j < p; j++)
				if (!when_usable(st, j) || (st->t[j].kind == T_PUNCT &&
							   !date_punct(st, j)))
					break;
			if (j == p)
				lo = s;
			break;
		}
		lo = p;
	}
	for (k = lo; k < c; k++) {
		size_t nx = day_named_at(st, k, c - 1, &t);
		if (nx) {
			*w = t;
			k = nx - 1;
		}
	}
}

/* ---- calendar arithmetic ------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp, yy;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int month_days(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return n[m - 1];
}

static int valid_ymd(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= month_days(y, m);
}

/* Parse YYYY-MM-DD (the first 10 bytes of s). */
static int parse_ymd(const char *s, int *y, int *m, int *d)
{
	int i;

	for (i = 0; i < 10; i++)
		if (s[i] == '\0' || ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9')))
			return 0;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return valid_ymd(*y, *m, *d);
}

static void put_ymd(char out[11], int y, int m, int d)
{
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int cl_when_resolve(const cl_when *w, const char *article, char out[11])
{
	int ay, am, ad, y, m, d, have;
	long z, wd;

	have = article != NULL && strlen(article) >= 10 && parse_ymd(article, &ay, &am, &ad);
	if (w != NULL && w->kind == CL_WHEN_FULL && valid_ymd(w->y, w->m, w->d)) {
		put_ymd(out, w->y, w->m, w->d);
		return 1;
	}
	if (!have) {
		/* An article date that is not a valid day is kept as given. */
		if (article != NULL && strlen(article) == 10) {
			memcpy(out, article, 11);
			return 1;
		}
		return 0;
	}
	z = days_from_civil(ay, am, ad);
	y = ay;
	m = am;
	d = ad;
	switch (w ? w->kind : CL_WHEN_ARTICLE) {
	case CL_WHEN_DAYS_BACK:
		if (w->d >= 0 && w->d <= 366)
			civil_from_days(z - w->d, &y, &m, &d);
		break;
	case CL_WHEN_WEEKDAY:
	case CL_WHEN_LAST_WEEKDAY:
		if (w->d < 0 || w->d > 6)
			break;
		/* 1970-01-01 was a Thursday (3, Monday = 0). */
		wd = ((z + 3) % 7 + 7) % 7;
		wd = (wd - w->d + 7) % 7;
		if (wd == 0 && w->kind == CL_WHEN_LAST_WEEKDAY)
			wd = 7;
		civil_from_days(z - wd, &y, &m, &d);
		break;
	case CL_WHEN_MONTH_DAY:
		if (w->m < 1 || w->m > 12)
			break;
		y = (w->m > am || (w->m == am && w->d > ad)) ? ay - 1 : ay;
		if (!valid_ymd(y, w->m, w->d)) {
			y = ay;
			break;
		}
		m = w->m;
		d = w->d;
		break;
	default:
		break;
	}
	put_ymd(out, y, m, d);
	return 1;
}
