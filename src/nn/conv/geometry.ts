import type { Tensor } from "../../tensor.js";

/**
 * Everything a convolution kernel needs to know about one input shape,
 * worked out once per shape by `ConvNd` (Conv1d is the height-1 case).
 */
export interface ConvGeometry {
  /** Batch size (1 for an unbatched input). */
  n: number;
  inChannels: number;
  outChannels: number;
  groups: number;
  h: number;
  w: number;
  oh: number;
  ow: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  /** Padding above and left of the image (below and right follow from the output size). */
  padTop: number;
  padLeft: number;
  /** The padded input's height and width. */
  hp: number;
  wp: number;
  /** 1 for torch's "reflect" padding, 0 for zeros. */
  reflect: number;
}

/** The ways a convolution computes (docs/nn.md, "Convolutions"). */
export type ConvEngineName = "columns" | "depthwise" | "winograd" | "winograd4" | "winograd5";

/** How a convolution computes: `ConvNd` picks one per layer and hands it each new input shape. */
export interface ConvEngine {
  readonly name: ConvEngineName;
  /** Size the engine's workspaces for a new input shape. */
  prepare(g: ConvGeometry): void;
  /** y = the convolution of x with weight (plus bias). */
  forward(g: ConvGeometry, x: number, weight: number, bias: number, y: number): void;
  /**
   * Weight gradient into gw (added when addW is 1), bias gradient into gb
   * unless 0 (added when addB is 1), and the input gradient into gx unless null.
   */
  backward(g: ConvGeometry, x: number, dy: number, weight: number, gw: number, addW: number, gb: number, addB: number, gx: Tensor | null): void;
  dispose(): void;
}
