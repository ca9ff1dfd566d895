/**
 * The structural similarity index (Wang, Bovik, Sheikh, Simoncelli, "Image Quality Assessment:
 * From Error Visibility to Structural Similarity", IEEE TIP 2004) of two single-channel maps, as
 * scikit-image's `structural_similarity` computes it by default (7 × 7 uniform window, sample
 * covariances, K₁ = 0.01, K₂ = 0.03, mean over windows inside the image) — the SSIM Adebayo et al.
 * ("Sanity Checks for Saliency Maps", NeurIPS 2018) report between saliency maps.
 */

/** Options of {@link ssim}. */
export interface SsimOptions {
  /** Side of the square window (odd). Default: 7. */
  windowSize?: number;
  /** Range of the values (max − min possible). Default: 1. */
  dataRange?: number;
}

const DEFAULTS = { windowSize: 7, dataRange: 1 };

/** SSIM of maps `a` and `b`, both [height · width] row-major; 1 for identical maps. */
export function ssim(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  height: number,
  width: number,
  options: SsimOptions = {},
): number {
  const win = Math.min(options.windowSize ?? DEFAULTS.windowSize, height, width) | 1;
  const L = options.dataRange ?? DEFAULTS.dataRange;
  const c1 = (0.01 * L) ** 2;
  const c2 = (0.03 * L) ** 2;
  const np = win * win;
  const cov = np / (np - 1);
  const pad = (win - 1) / 2;
  let total = 0;
  let count = 0;
  for (let y = pad; y < height - pad; y++) {
    for (let x = pad; x < width - pad; x++) {
      let ma = 0;
      let mb = 0;
      let maa = 0;
      let mbb = 0;
      let mab = 0;
      for (let dy = -pad; dy <= pad; dy++) {
        for (let dx = -pad; dx <= pad; dx++) {
          const i = (y + dy) * width + x + dx;
          ma += a[i];
          mb += b[i];
          maa += a[i] * a[i];
          mbb += b[i] * b[i];
          mab += a[i] * b[i];
        }
      }
      ma /= np;
      mb /= np;
      const va = cov * (maa / np - ma * ma);
      const vb = cov * (mbb / np - mb * mb);
      const vab = cov * (mab / np - ma * mb);
      total += ((2 * ma * mb + c1) * (2 * vab + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      count++;
    }
  }
  return total / count;
}
