"""REML for the friction attribution model on per-pair sums: the mixed-model equations, the
−2 log-likelihood and its analytic gradient (see docs/models.md, friction attribution).

Pair p (client c, staff s, n_p messages, mean ȳ_p) follows ȳ_p = μ + a_c + b_s + e_p with
a ~ (0, σ²_a), b ~ (0, σ²_b) and e_p ~ (0, d_p), d_p = σ²_g + σ²/n_p; the within-pair sum of
squares adds (N − P)·log σ² + SS/σ². Henderson's equations M = W'D⁻¹W + G⁻¹ (W = [1, client,
staff]) are solved with the diagonal client block A eliminated first: the rest is the Schur
complement S (μ and staff), factorised once by Cholesky.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
from scipy import linalg, sparse


class _Pairs:
    """Per-pair sufficient statistics and the fixed sparsity pattern."""

    def __init__(self, client: np.ndarray, staff: np.ndarray, y: np.ndarray) -> None:
        self.client_codes, self.clients = pd.factorize(client, sort=True)
        self.staff_codes, self.staff = pd.factorize(staff, sort=True)
        # one int64 key per (client, staff); pairs in order of first appearance, as `compress`
        key = self.client_codes.astype(np.int64) * len(self.staff) + self.staff_codes
        pair_index, first_keys = pd.factorize(key, sort=False)
        self.c = (first_keys // len(self.staff)).astype(int)
        self.s = (first_keys % len(self.staff)).astype(int)
        self.n = np.bincount(pair_index, minlength=len(first_keys)).astype(float)
        self.sum = np.bincount(pair_index, weights=y, minlength=len(first_keys))
        self.mean = self.sum / self.n
        self.ss_within = float(((y - self.mean[pair_index]) ** 2).sum())
        self.n_obs, self.n_pairs = len(y), len(self.c)
        self.n_clients, self.n_staff = len(self.clients), len(self.staff)


def _inverse_from_cholesky(lower: np.ndarray) -> np.ndarray:
    """The inverse of L·Lᵀ from its Cholesky factor L (LAPACK potri: a third of the work of
    a general inverse, which matters with a thousand staff members and many EM steps)."""
    inv, info = linalg.lapack.dpotri(lower, lower=1)
    if info != 0:
        raise np.linalg.LinAlgError(f"potri failed (info={info})")
    inv = np.tril(inv)
    return inv + np.tril(inv, -1).T


def _equations(pairs: _Pairs, var: tuple | np.ndarray) -> SimpleNamespace:
    """The mixed-model equations at the given variances, solved, and −2 REML log-likelihood."""
    c, s, n = pairs.c, pairs.s, pairs.n
    C, S = pairs.n_clients, pairs.n_staff
    # prior variances: one per effect (scalars are broadcast)
    va = np.broadcast_to(np.asarray(var[0], float), (C,))
    vb = np.broadcast_to(np.asarray(var[1], float), (S,))
    vg = np.broadcast_to(np.asarray(var[2], float), (pairs.n_pairs,))
    ve = float(var[3])
    d = vg + ve / n
    w = 1.0 / d
    wy = w * pairs.mean
    A = np.bincount(c, weights=w, minlength=C) + 1.0 / va
    rhs_c = np.bincount(c, weights=wy, minlength=C)
    # small block: index 0 = μ, 1..S = staff
    rows = np.r_[c, c]
    cols = np.r_[np.zeros_like(s), s + 1]
    B = sparse.csr_matrix((np.r_[w, w], (rows, cols)), shape=(C, S + 1))
    w_staff = np.bincount(s, weights=w, minlength=S)
    small = np.zeros((S + 1, S + 1))
    small[0, 0] = w.sum()
    small[0, 1:] = small[1:, 0] = w_staff
    small[np.arange(1, S + 1), np.arange(1, S + 1)] = w_staff + 1.0 / vb
    rhs_s = np.r_[wy.sum(), np.bincount(s, weights=wy, minlength=S)]
    B_over_A = sparse.diags(1.0 / A) @ B
    schur = small - (B.T @ B_over_A).toarray()
    chol = np.linalg.cholesky(schur)  # one factorisation serves logdet, solution and inverse
    logdet = np.log(A).sum() + 2 * np.log(np.diag(chol)).sum()
    sol_s = linalg.cho_solve((chol, True), rhs_s - B_over_A.T @ rhs_c, check_finite=False)
    sol_c = (rhs_c - B @ sol_s) / A
    ypy = (w * pairs.mean**2).sum() - sol_c @ rhs_c - sol_s @ rhs_s
    within_df = pairs.n_obs - pairs.n_pairs
    m2ll = (
        np.log(d).sum() + np.log(va).sum() + np.log(vb).sum() + logdet + ypy
        + within_df * np.log(ve) + pairs.ss_within / ve
    )
    return SimpleNamespace(va=va, vb=vb, vg=vg, ve=ve, d=d, A=A, B=B, chol=chol, sol_c=sol_c,
                           sol_s=sol_s, m2ll=float(m2ll))


def _solve(pairs: _Pairs, var: tuple | np.ndarray, full: bool = False) -> dict:
    """Mixed-model equations at the given variances: −2 REML log-likelihood and, if `full`,
    the estimates and their prediction-error variances."""
    eq = _equations(pairs, var)
    out = {"m2ll": eq.m2ll}
    if not full:
        return out
    c, s, n, A, B, sol_s, sol_c = pairs.c, pairs.s, pairs.n, eq.A, eq.B, eq.sol_s, eq.sol_c
    inv = _inverse_from_cholesky(eq.chol)
    BS = np.asarray(B @ inv)  # C × (S+1)
    pev_c = 1.0 / A + np.asarray(B.multiply(BS).sum(axis=1)).ravel() / A**2
    pev_s = np.diag(inv)[1:]
    mu, staff_eff = sol_s[0], sol_s[1:]
    resid = pairs.mean - mu - sol_c[c] - staff_eff[s]
    dg = n / eq.ve + 1.0 / eq.vg
    pair_eff = (n / eq.ve) / dg * resid
    # variance of the error of μ + client + staff for each pair (block-inverse of the equations)
    v_fixed = (
        pev_c[c] + inv[0, 0] + inv[s + 1, s + 1] + 2 * inv[0, s + 1]
        - 2 * (BS[c, 0] + BS[c, s + 1]) / A[c]
    )
    pev_g = 1.0 / dg + ((n / eq.ve) / dg) ** 2 * v_fixed
    out.update(mu=mu, mu_var=inv[0, 0], client=sol_c, client_pev=pev_c, staff=staff_eff,
               staff_pev=pev_s, pair=pair_eff, pair_pev=pev_g)
    return out


def reml_gradient(pairs: _Pairs, log_var: np.ndarray) -> tuple[float, np.ndarray]:
    """−2 REML log-likelihood at variances exp(log_var) (scalars: client, staff, pair, noise)
    and its gradient with respect to log_var, from the same Cholesky factor.

    With V the covariance of the pair means and P = V⁻¹ − V⁻¹X(X'V⁻¹X)⁻¹X'V⁻¹, the derivative
    of −2ℓ in a variance v is tr(P ∂V/∂v) − y'P (∂V/∂v) P y. In Henderson's form (M⁻¹ the
    inverse of the equations, û the effects, r the pair residuals ȳ − μ̂ − â − b̂):

        client: C/σ²_a − (tr M⁻¹_aa + Σ â²)/σ⁴_a        staff: likewise with S and the b block
        pair:   Σ_p [1/d_p − (q_p + r_p²)/d_p²]           q_p = w_p'M⁻¹w_p, w_p = (1, c, s)
        noise:  Σ_p [1/d_p − (q_p + r_p²)/d_p²]/n_p + (N − P)/σ² − SS/σ⁴

    Eliminating A, q_p = 1/A_c + z_p'S⁻¹z_p with z_p = u_p − B_c/A_c (u_p = e_μ + e_s), so every
    trace is tr(S⁻¹H) with H a sparse (S+1)² matrix: O(Σ_c k_c²) for k_c pairs of client c,
    plus one LAPACK potri for S⁻¹.
    """
    var = np.exp(np.asarray(log_var, float))
    eq = _equations(pairs, var)
    c, s, n = pairs.c, pairs.s, pairs.n
    C, S = pairs.n_clients, pairs.n_staff
    A, B, d = eq.A, eq.B, eq.d
    inv = _inverse_from_cholesky(eq.chol)
    sol_c, sol_s = eq.sol_c, eq.sol_s
    resid = pairs.mean - sol_s[0] - sol_c[c] - sol_s[1:][s]

    def trace(H: sparse.spmatrix) -> float:
        H = H.tocoo()
        return float((inv[H.row, H.col] * H.data).sum())

    def weighted_q(f: np.ndarray) -> float:
        """Σ_p f_p q_p."""
        f_client = np.bincount(c, weights=f, minlength=C)
        f_staff = np.bincount(s, weights=f, minlength=S)
        # u'diag(f)u part: μ-μ, μ-staff and staff-staff entries
        uu = inv[0, 0] * f.sum() + 2 * inv[0, 1:] @ f_staff + np.diag(inv)[1:] @ f_staff
        g = f / A[c]
        B_g = sparse.csr_matrix((np.r_[g, g], (np.r_[c, c], np.r_[np.zeros_like(s), s + 1])),
                                shape=(C, S + 1))
        left = sparse.diags(f_client / A**2) @ B - 2 * B_g
        return float((f / A[c]).sum() + uu + trace(left.T @ B))

    t_client = (1.0 / A).sum() + trace((sparse.diags(1.0 / A**2) @ B).T @ B)
    t_staff = np.trace(inv) - inv[0, 0]
    va, vb, vg, ve = var
    g_client = C / va - (t_client + sol_c @ sol_c) / va**2
    g_staff = S / vb - (t_staff + sol_s[1:] @ sol_s[1:]) / vb**2
    f_pair = 1.0 / d**2
    g_pair = (1.0 / d).sum() - weighted_q(f_pair) - (resid**2 * f_pair).sum()
    f_noise = f_pair / n
    g_noise = (
        (1.0 / (n * d)).sum() - weighted_q(f_noise) - (resid**2 * f_noise).sum()
        + (pairs.n_obs - pairs.n_pairs) / ve - pairs.ss_within / ve**2
    )
    return eq.m2ll, var * np.array([g_client, g_staff, g_pair, g_noise])
