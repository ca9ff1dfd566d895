/**
 * The text plot of path_explain (Janizek, Sturmfels & Lee, "Explaining Explanations: Axiomatic
 * Feature Interactions for Deep Networks", JMLR 22(104), 2021): tokens on a background coloured
 * by their attribution, optionally with one token's interactions with every other token.
 */
import { Chart } from './Chart';
import { dense, labels, positiveNumber, round, type Numbers1D, type Numbers2D } from './internal/arrays';
import { errors, warnings, warnOnce } from './internal/errors';
import { divergingScale, maxAbs, topLevel } from './internal/spec';
import { checkOptionKeys } from './internal/optionKeys';

/** Options of {@link textPlot}. */
export interface TextPlotOptions {
  /** Show the colour legend below the text. Default: true. */
  includeLegend?: boolean;
  /** Attribution mapped to full maroon. Default: −max |attribution| (or min attribution when only `vmax` is given). */
  vmin?: number;
  /** Attribution mapped to full aqua. Default: max |attribution| (or max attribution when only `vmin` is given). */
  vmax?: number;
  /** `[tokens, tokens]` interaction matrix; with `interactionIndex`, a second line shows that token's row. Default: none. */
  interactions?: Numbers2D;
  /** The token (index) whose interactions with every token are shown; it is drawn bold and larger. Default: none. */
  interactionIndex?: number;
  /** Set the interaction matrix's diagonal (self-interactions) to 0 before plotting. Default: true. */
  zeroDiagonal?: boolean;
  /** Font size of the tokens in pixels. Default: 16. */
  fontSize?: number;
  /** Lines wrap at this width in pixels. Default: 640. */
  maxWidth?: number;
  /** Chart title. Default: none. */
  title?: string;
}

const DEFAULTS = { includeLegend: true, zeroDiagonal: true, fontSize: 16, maxWidth: 640 } as const;

const FN = 'textPlot';

/** DejaVu Sans is wide: about 0.62 em per character on average for mixed text. */
const EM_PER_CHAR = 0.62;

interface Placed {
  index: number;
  token: string;
  value: number;
  x: number;
  x2: number;
  line: number;
  block: string;
  bold: boolean;
}

/** Lays tokens out left to right, wrapping at maxWidth; returns boxes and the number of lines. */
function layout(
  tokens: string[],
  values: ArrayLike<number>,
  fontSize: number,
  maxWidth: number,
  firstLine: number,
  block: string,
  bold?: number,
): { boxes: Placed[]; lines: number; width: number } {
  const pad = fontSize * 0.3;
  const gap = fontSize * 0.35;
  let x = 0;
  let line = firstLine;
  let width = 0;
  const boxes = tokens.map((token, index) => {
    const scale = index === bold ? 1.2 : 1;
    const w = Math.max(token.length, 1) * fontSize * scale * EM_PER_CHAR + 2 * pad;
    if (x > 0 && x + w > maxWidth) {
      line++;
      x = 0;
    }
    const box = { index, token, value: values[index], x: round(x, 5), x2: round(x + w, 5), line, block, bold: index === bold };
    x += w + gap;
    width = Math.max(width, x - gap);
    return box;
  });
  return { boxes, lines: line - firstLine + 1, width };
}

/**
 * Tokens with backgrounds coloured by attribution on a maroon–white–aqua scale centred at 0
 * (symmetric by default), with a legend. Given `interactions` and `interactionIndex`, a second
 * block shows that token's interactions with every token on the same scale.
 *
 * @param tokens The words or sub-words, in order.
 * @param attributions One attribution per token.
 */
export function textPlot(tokens: string[], attributions: Numbers1D, options: TextPlotOptions = {}): Chart {
  checkOptionKeys('textPlot', options);
  const words = labels(tokens, 'tokens', FN);
  const phi = dense(attributions, 'attributions', FN, [1], 'a 1-D array with one attribution per token');
  if (phi.shape[0] !== words.length) {
    throw new Error(errors.lengthMismatch('attributions', FN, words.length, 'one per token', phi.shape[0]));
  }
  const fontSize = positiveNumber(options.fontSize ?? DEFAULTS.fontSize, 'fontSize', FN);
  const maxWidth = positiveNumber(options.maxWidth ?? DEFAULTS.maxWidth, 'maxWidth', FN);
  const t = words.length;
  const bound = maxAbs(phi.values);
  let vmin = options.vmin;
  let vmax = options.vmax;
  if (vmin === undefined && vmax === undefined) [vmin, vmax] = [-bound, bound];
  else if (vmin === undefined) vmin = Math.min(...phi.values);
  else if (vmax === undefined) vmax = Math.max(...phi.values);
  for (const [arg, v] of [
    ['vmin', vmin],
    ['vmax', vmax],
  ] as const) {
    if (!Number.isFinite(v)) throw new Error(errors.badOption(arg, FN, 'a finite number', v));
  }
  if ((vmin as number) >= (vmax as number))
    throw new Error(errors.rangeOrder(FN, 'vmin', 'vmax', vmin as number, vmax as number));

  let row: Float64Array | undefined;
  const k = options.interactionIndex;
  if (options.interactions !== undefined || k !== undefined) {
    if (options.interactions === undefined) throw new Error(errors.requires('interactionIndex', FN, 'interactions'));
    if (k === undefined) throw new Error(errors.requires('interactions', FN, 'interactionIndex'));
    if (!Number.isInteger(k) || k < 0 || k >= t) {
      throw new Error(errors.badOption('interactionIndex', FN, `a token index in [0, ${t})`, k));
    }
    const m = dense(options.interactions, 'interactions', FN, [2], 'a 2-D array [tokens, tokens]');
    if (m.shape[0] !== t || m.shape[1] !== t)
      throw new Error(errors.shapeMismatch('interactions', FN, [t, t], 'tokens', m.shape));
    row = m.values.slice(k * t, (k + 1) * t);
    if (options.zeroDiagonal ?? DEFAULTS.zeroDiagonal) row[k] = 0;
  } else if (options.zeroDiagonal !== undefined) {
    warnOnce(warnings.ignored(FN, 'zeroDiagonal', "no 'interactions' were given"));
  }

  // Blocks of lines: a caption line, then the tokens; line height leaves room for the box.
  const lineHeight = fontSize * 2;
  const first = layout(words, phi.values, fontSize, maxWidth, row ? 1 : 0, 'attribution', k);
  let boxes = first.boxes;
  let lines = first.lines + (row ? 1 : 0);
  let width = first.width;
  const captions: { text: string; line: number }[] = [];
  if (row && k !== undefined) {
    captions.push({ text: 'Attributions', line: 0 });
    captions.push({ text: `Interactions with “${words[k]}” (token ${k})`, line: lines });
    const second = layout(words, row, fontSize, maxWidth, lines + 1, 'interaction');
    boxes = boxes.concat(second.boxes);
    lines += 1 + second.lines;
    width = Math.max(width, second.width);
  }
  const data = boxes.map((b) => ({
    ...b,
    value: round(b.value),
    y: b.line * lineHeight + fontSize * 0.25,
    y2: (b.line + 1) * lineHeight - fontSize * 0.25,
    cx: round((b.x + b.x2) / 2, 5),
    cy: (b.line + 0.5) * lineHeight,
  }));
  const px = (field: string) => ({ field, type: 'quantitative', scale: null, axis: null });
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'rect', cornerRadius: 3 },
      encoding: {
        x: px('x'),
        x2: { field: 'x2' },
        y: px('y'),
        y2: { field: 'y2' },
        fill: {
          field: 'value',
          type: 'quantitative',
          title: 'Attribution value',
          scale: divergingScale(vmin as number, vmax as number),
          legend:
            (options.includeLegend ?? DEFAULTS.includeLegend)
              ? { orient: 'bottom', direction: 'horizontal', gradientLength: Math.min(300, Math.max(120, width)) }
              : null,
        },
        tooltip: [
          { field: 'token', type: 'nominal', title: 'Token' },
          { field: 'index', type: 'quantitative', title: 'Index' },
          { field: 'value', type: 'quantitative', title: 'Value' },
        ],
      },
    },
    // vega-lite v5 has no fontWeight channel: the chosen token gets a layer of its own.
    ...[false, true].map((bold) => ({
      transform: [{ filter: bold ? 'datum.bold' : '!datum.bold' }],
      mark: {
        type: 'text',
        baseline: 'middle',
        align: 'center',
        fontSize: bold ? fontSize * 1.2 : fontSize,
        fontWeight: bold ? 'bold' : 'normal',
      },
      encoding: { x: px('cx'), y: px('cy'), text: { field: 'token' } },
    })),
  ];
  const body: Record<string, unknown> = {
    width: Math.ceil(width),
    height: Math.ceil(lines * lineHeight),
    data: { values: data },
    layer: captions.length
      ? [
          ...layers,
          {
            data: { values: captions.map((cap) => ({ ...cap, y: (cap.line + 0.5) * lineHeight })) },
            mark: { type: 'text', fontSize: fontSize * 0.8, baseline: 'middle', align: 'left', color: '#555555' },
            encoding: { x: { datum: 0, type: 'quantitative', scale: null }, y: px('y'), text: { field: 'text' } },
          },
        ]
      : layers,
    view: { stroke: null },
  };
  if (options.title !== undefined) body.title = options.title;
  const desc = `${FN}: ${t} tokens coloured by attribution` + (k === undefined ? '' : `, with interactions of “${words[k]}”`);
  return new Chart(topLevel(body), desc);
}
