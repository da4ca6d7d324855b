"""Sparse REML for the friction attribution model: the mixed-model equations of `_reml`, solved
by preconditioned conjugate gradients without ever forming a staff × staff matrix.

Same model and notation as `_reml`: Henderson's equations with the client block A (diagonal)
eliminated leave the Schur complement K = small − BᵀA⁻¹B over (μ, staff). Here K is applied as
an operator (two sparse products with B, O(pairs) per product) and K x = r is solved by block
PCG with K's diagonal as preconditioner. The traces the REML gradient and the prediction-error
variances need (K⁻¹ on the pattern of BᵀB, and its diagonal) come from probing: Y = K⁻¹Z for
probe vectors Z, and K⁻¹ ≈ f·Y Zᵀ. With Z the identity (f = 1) this is exact — used when there
are at most `EXACT_PROBE_LIMIT` staff — and beyond it Z holds `probes` Rademacher columns
(f = 1/m, Hutchinson's unbiased estimator), fixed per fit so every step sees the same K⁻¹
estimate. The column of K⁻¹ for μ is always solved exactly.

The variances are found by average-information REML (Newton steps with the AI matrix, which
needs four more solves and no trace) in log-variance coordinates; no log-likelihood value is
needed on the way. The −2 log-likelihood itself is computed where it can be exactly (dense
Cholesky of K while the staff number is within the limit) and reported as NaN beyond.
docs/decisions.md, "Sparse friction attribution", says why this and not a sparse Cholesky.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import numpy as np
from scipy import sparse

from clientfit.models._reml import _Pairs

EXACT_PROBE_LIMIT = 2000  # staff + 1 up to which traces are exact (identity probes)
PROBES = 32  # Rademacher probe vectors beyond the limit
RTOL = 1e-10  # relative residual at which PCG stops
BOUNDS = (-14.0, 3.0)  # log-variance bounds, as in the dense fit


def block_pcg(
    apply: Callable[[np.ndarray], np.ndarray], rhs: np.ndarray, inv_diag: np.ndarray,
    x0: np.ndarray | None = None, rtol: float = RTOL, max_iter: int = 2000,
) -> np.ndarray:
    """Solve K X = rhs column by column (independent CG recurrences, shared products), with a
    diagonal (Jacobi) preconditioner. `apply(X)` returns K X for an (n, m) block."""
    X = np.zeros_like(rhs) if x0 is None else x0.copy()
    R = rhs - apply(X) if x0 is not None else rhs.copy()
    norm_b = np.linalg.norm(rhs, axis=0)
    target = rtol * np.where(norm_b > 0, norm_b, 1.0)
    Z = inv_diag[:, None] * R
    P = Z.copy()
    rz = (R * Z).sum(axis=0)
    for _ in range(max_iter):
        active = np.linalg.norm(R, axis=0) > target
        if not active.any():
            break
        KP = apply(P)
        curvature = (P * KP).sum(axis=0)
        alpha = np.where(active & (curvature > 0), rz / np.where(curvature > 0, curvature, 1), 0)
        X += alpha * P
        R -= alpha * KP
        Z = inv_diag[:, None] * R
        rz_new = (R * Z).sum(axis=0)
        beta = np.where(rz > 0, rz_new / np.where(rz > 0, rz, 1), 0)
        P = Z + beta * P
        rz = rz_new
    else:
        raise np.linalg.LinAlgError("conjugate gradients did not converge")
    return X


class _Pattern:
    """Where the pairs sit in the client × staff incidence matrix and its transpose, built once
    per data set; each system only puts its weights in (no sparse construction per step)."""

    def __init__(self, pairs: _Pairs) -> None:
        c, s = pairs.c, pairs.s
        C, S = pairs.n_clients, pairs.n_staff
        self.by_client = np.lexsort((s, c))
        self.by_staff = np.lexsort((c, s))
        self.client_ptr = np.r_[0, np.cumsum(np.bincount(c, minlength=C))]
        self.staff_ptr = np.r_[0, np.cumsum(np.bincount(s, minlength=S))]
        self.staff_of = s[self.by_client].astype(np.int32)
        self.client_of = c[self.by_staff].astype(np.int32)
        self.shape = (C, S)


class _Incidence:
    """B (clients × (μ, staff)) with a pair's weight at (client, μ) and (client, staff), as an
    operator: B @ X and B.T @ Y for vectors or blocks, B.T being `transposed()`."""

    def __init__(self, pattern: _Pattern, w: np.ndarray, client_w: np.ndarray,
                 transposed: bool = False) -> None:
        C, S = pattern.shape
        self.pattern, self.w, self.client_w, self.transposed = pattern, w, client_w, transposed
        self.staff = sparse.csr_matrix(
            (w[pattern.by_client], pattern.staff_of, pattern.client_ptr), shape=(C, S))
        self.staff_t = sparse.csr_matrix(
            (w[pattern.by_staff], pattern.client_of, pattern.staff_ptr), shape=(S, C))

    @property
    def T(self) -> _Incidence:  # noqa: N802 - the matrix transpose, as numpy names it
        twin = _Incidence.__new__(_Incidence)
        twin.__dict__.update(self.__dict__)
        twin.transposed = not self.transposed
        return twin

    def __matmul__(self, X: np.ndarray) -> np.ndarray:
        if not self.transposed:  # (S+1)[, m] -> C[, m]
            head = self.client_w * X[0] if X.ndim == 1 else self.client_w[:, None] * X[0]
            return head + self.staff @ X[1:]
        return np.concatenate([(self.client_w @ X)[None], self.staff_t @ X])


class _System:
    """The eliminated mixed-model equations at given prior variances (scalars or one per
    effect), as an operator."""

    def __init__(self, pairs: _Pairs, var: tuple | np.ndarray, pattern: _Pattern) -> None:
        c, s, n = pairs.c, pairs.s, pairs.n
        C, S = pairs.n_clients, pairs.n_staff
        self.pairs = pairs
        self.va = np.broadcast_to(np.asarray(var[0], float), (C,))
        self.vb = np.broadcast_to(np.asarray(var[1], float), (S,))
        self.vg = np.broadcast_to(np.asarray(var[2], float), (pairs.n_pairs,))
        self.ve = float(var[3])
        self.d = self.vg + self.ve / n
        self.w = w = 1.0 / self.d
        client_w = np.bincount(c, weights=w, minlength=C)
        self.A = client_w + 1.0 / self.va
        self.B = _Incidence(pattern, w, client_w)
        self.Bt = self.B.T
        self.w_staff = np.bincount(s, weights=w, minlength=S)
        self.small_diag = np.r_[w.sum(), self.w_staff + 1.0 / self.vb]
        squares = np.r_[(client_w**2 / self.A).sum(),
                        np.bincount(s, weights=w**2 / self.A[c], minlength=S)]
        self.inv_diag = 1.0 / (self.small_diag - squares)

    def apply(self, X: np.ndarray) -> np.ndarray:
        out = self.small_diag[:, None] * X
        out[0] += self.w_staff @ X[1:]
        out[1:] += self.w_staff[:, None] * X[0]
        return out - self.Bt @ ((self.B @ X) / self.A[:, None])

    def solve(self, rhs: np.ndarray, x0: np.ndarray | None = None,
              rtol: float = RTOL) -> np.ndarray:
        return block_pcg(self.apply, rhs, self.inv_diag, x0, rtol)

    def mme_solve(self, rhs_c: np.ndarray, rhs_s: np.ndarray,
                  x0: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Solve the full equations for right-hand sides (client part, (μ, staff) part), each
        with one column per system."""
        sol_s = self.solve(rhs_s - self.Bt @ (rhs_c / self.A[:, None]), x0)
        sol_c = (rhs_c - self.B @ sol_s) / self.A[:, None]
        return sol_c, sol_s

    def dense_logdet(self) -> float:
        """log det of the full equations (client block and K), exactly, forming K densely."""
        full = sparse.hstack([sparse.csr_matrix(self.B.client_w[:, None]), self.B.staff]).tocsr()
        K = -(full.T @ sparse.diags(1.0 / self.A) @ full).toarray()
        K[np.diag_indices_from(K)] += self.small_diag
        K[0, 1:] += self.w_staff
        K[1:, 0] += self.w_staff
        chol = np.linalg.cholesky(K)
        return float(np.log(self.A).sum() + 2 * np.log(np.diag(chol)).sum())


class SparseREML:
    """REML fit and BLUPs by PCG with probed traces; one instance per data set (the probes and
    the warm starts live here)."""

    def __init__(self, pairs: _Pairs, probes: int = PROBES, exact_limit: int = EXACT_PROBE_LIMIT,
                 seed: int = 0) -> None:
        self.pairs = pairs
        size = pairs.n_staff + 1
        self.exact = size <= exact_limit
        if self.exact:
            self.Z, self.scale = np.eye(size), 1.0
        else:
            rng = np.random.default_rng(seed)
            self.Z = rng.choice([-1.0, 1.0], size=(size, probes))
            self.scale = 1.0 / probes
        self.pattern = _Pattern(pairs)
        # probe solves feed estimates with ~1/√m error: a looser tolerance loses nothing there
        self.probe_rtol = RTOL if self.exact else 1e-6
        self._warm: dict[str, np.ndarray] = {}

    def _solve_block(self, system: _System, key: str, rhs: np.ndarray,
                     rtol: float = RTOL) -> np.ndarray:
        previous = self._warm.get(key)
        x = system.solve(rhs, previous if previous is not None and previous.shape == rhs.shape
                         else None, rtol)
        self._warm[key] = x
        return x

    def equations(self, var: tuple | np.ndarray, full: bool = True) -> SimpleNamespace:
        """Solution, residuals and (if `full`) the probed inverse quantities at these variances."""
        pairs = self.pairs
        c, s = pairs.c, pairs.s
        C, S = pairs.n_clients, pairs.n_staff
        system = _System(pairs, var, self.pattern)
        w = system.w
        wy = w * pairs.mean
        rhs_c = np.bincount(c, weights=wy, minlength=C)
        rhs_s = np.r_[wy.sum(), np.bincount(s, weights=wy, minlength=S)]
        e0 = np.zeros(S + 1)
        e0[0] = 1.0
        # the solution and the μ column of K⁻¹ (exact), in one block
        first = self._solve_block(
            system, "first", np.column_stack([rhs_s - system.Bt @ (rhs_c / system.A), e0]))
        sol_s, inv_col0 = first[:, 0], first[:, 1]
        sol_c = (rhs_c - system.B @ sol_s) / system.A
        resid = pairs.mean - sol_s[0] - sol_c[c] - sol_s[1:][s]
        ypy = (wy * pairs.mean).sum() - sol_c @ rhs_c - sol_s @ rhs_s
        out = SimpleNamespace(system=system, sol_c=sol_c, sol_s=sol_s, resid=resid, ypy=ypy,
                              inv_col0=inv_col0)
        if full:
            self._probed(system, out)
        return out

    def _probed(self, system: _System, out: SimpleNamespace) -> None:
        """Per client q_c = B_c K⁻¹ B_cᵀ, per staff diag K⁻¹, per pair v_p = w_pᵀM⁻¹w_p
        (the variance of the error of μ + client + staff), from Y = K⁻¹Z."""
        pairs = self.pairs
        c, s = pairs.c, pairs.s
        Y = self._solve_block(system, "probes", self.Z, self.probe_rtol)
        f = self.scale
        A, B, col0 = system.A, system.B, out.inv_col0
        q = np.zeros(pairs.n_clients)
        bs_staff = np.zeros(pairs.n_pairs)  # (B K⁻¹)[c, s+1] per pair
        step = max(1, int(1e7 // max(pairs.n_clients, 1)))  # C × step blocks of ≤ 80 MB
        for start in range(0, Y.shape[1], step):
            part = slice(start, start + step)
            BY, BZ = B @ Y[:, part], B @ self.Z[:, part]
            q += np.einsum("ij,ij->i", BY, BZ)
            for k in range(BY.shape[1]):
                bs_staff += BY[c, k] * self.Z[s + 1, start + k]
        q = np.maximum(q * f, 0.0)
        bs_staff *= f
        diag = (Y * self.Z).sum(axis=1) * f
        diag[0] = col0[0]
        bs0 = B @ col0  # (B K⁻¹)[c, 0], exact
        pev_c = 1.0 / A + q / A**2
        v_fixed = (pev_c[c] + col0[0] + diag[s + 1] + 2 * col0[s + 1]
                   - 2 * (bs0[c] + bs_staff) / A[c])
        out.q, out.diag, out.pev_c, out.v_fixed = q, diag, pev_c, v_fixed

    def m2ll(self, var: tuple | np.ndarray, eq: SimpleNamespace | None = None) -> float:
        """−2 REML log-likelihood, exact within the staff limit, NaN beyond."""
        if not self.exact:
            return float("nan")
        eq = eq or self.equations(var, full=False)
        system, pairs = eq.system, self.pairs
        within_df = pairs.n_obs - pairs.n_pairs
        return float(
            np.log(system.d).sum() + np.log(system.va).sum() + np.log(system.vb).sum()
            + system.dense_logdet() + eq.ypy + within_df * np.log(system.ve)
            + pairs.ss_within / system.ve
        )

    def gradient(self, var: np.ndarray, eq: SimpleNamespace) -> np.ndarray:
        """Gradient of −2ℓ in the variances (the formulas of `_reml.reml_gradient`)."""
        pairs, system = self.pairs, eq.system
        n, d, A = pairs.n, system.d, system.A
        va, vb, _, ve = var
        C, S = pairs.n_clients, pairs.n_staff
        t_client = (1.0 / A).sum() + (eq.q / A**2).sum()
        t_staff = eq.diag[1:].sum()
        g_client = C / va - (t_client + eq.sol_c @ eq.sol_c) / va**2
        g_staff = S / vb - (t_staff + eq.sol_s[1:] @ eq.sol_s[1:]) / vb**2
        f_pair = 1.0 / d**2
        r2 = eq.resid**2
        g_pair = (1.0 / d).sum() - (f_pair * eq.v_fixed).sum() - (r2 * f_pair).sum()
        f_noise = f_pair / n
        g_noise = ((1.0 / (n * d)).sum() - (f_noise * eq.v_fixed).sum() - (r2 * f_noise).sum()
                   + (pairs.n_obs - pairs.n_pairs) / ve - pairs.ss_within / ve**2)
        return np.array([g_client, g_staff, g_pair, g_noise])

    def average_information(self, var: np.ndarray, eq: SimpleNamespace) -> np.ndarray:
        """The AI matrix of −2ℓ in the variances: h_iᵀ P h_j with h_i = V_i P y, plus the
        within-pair part SS/σ⁶ for the noise (four more solves, no trace)."""
        pairs, system = self.pairs, eq.system
        c, s, n = pairs.c, pairs.s, pairs.n
        C, S = pairs.n_clients, pairs.n_staff
        py = eq.resid / system.d
        H = np.column_stack([
            np.bincount(c, weights=py, minlength=C)[c],
            np.bincount(s, weights=py, minlength=S)[s],
            py,
            py / n,
        ])
        rhs_c = np.empty((C, 4))
        rhs_s = np.empty((S + 1, 4))
        for j in range(4):
            hd = H[:, j] / system.d
            rhs_c[:, j] = np.bincount(c, weights=hd, minlength=C)
            rhs_s[0, j] = hd.sum()
            rhs_s[1:, j] = np.bincount(s, weights=hd, minlength=S)
        sol_c, sol_s = system.mme_solve(rhs_c, rhs_s, self._warm.get("ai"))
        self._warm["ai"] = sol_s
        ai = np.empty((4, 4))
        for j in range(4):  # one column at a time: P-long temporaries, not P × 4
            fitted = sol_s[0, j] + sol_c[c, j] + sol_s[1:, j][s]
            ai[:, j] = H.T @ ((H[:, j] - fitted) / system.d)
        ai[3, 3] += pairs.ss_within / system.ve**3
        return 0.5 * (ai + ai.T)

    def fit(self, start: np.ndarray, max_iter: int = 100) -> tuple:
        """AI-REML Newton steps in log-variance coordinates from `start` (log variances), with
        steps capped at 2 and the bounds of the dense fit, until a step is below 1e-9 (exact
        traces) or 1e-5 (probed: the probes' looser solves move the gradient by about that).
        Returns (log variances, converged)."""
        tol = 1e-9 if self.exact else 1e-5
        theta = np.array(start, float)
        for _ in range(max_iter):
            var = np.exp(theta)
            eq = self.equations(var)
            grad = var * self.gradient(var, eq)
            info = var[:, None] * self.average_information(var, eq) * var[None, :]
            free = ~(((theta <= BOUNDS[0]) & (grad > 0)) | ((theta >= BOUNDS[1]) & (grad < 0)))
            step = np.zeros(4)
            if free.any():
                sub = info[np.ix_(free, free)]
                step[free] = -np.linalg.solve(sub + 1e-12 * np.eye(free.sum()), grad[free])
            largest = np.abs(step).max()
            if largest > 2:
                step *= 2 / largest
            theta = np.clip(theta + step, *BOUNDS)
            if largest < tol:
                return theta, True
        return theta, False

    def solve(self, var: tuple | np.ndarray, full: bool = False) -> dict:
        """The dictionary `_reml._solve` returns: m2ll and, if `full`, estimates and PEVs."""
        eq = self.equations(var, full=full)
        out = {"m2ll": self.m2ll(var, eq)}
        if not full:
            return out
        system, pairs = eq.system, self.pairs
        n = pairs.n
        dg = n / system.ve + 1.0 / system.vg
        out.update(
            mu=eq.sol_s[0], mu_var=eq.inv_col0[0], client=eq.sol_c, client_pev=eq.pev_c,
            staff=eq.sol_s[1:], staff_pev=eq.diag[1:], pair=(n / system.ve) / dg * eq.resid,
            pair_pev=1.0 / dg + ((n / system.ve) / dg) ** 2 * eq.v_fixed,
        )
        return out
