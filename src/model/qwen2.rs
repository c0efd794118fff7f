//! The Qwen2 forward pass over quantized GGUF weights, owned here rather than taken from
//! candle-transformers so that the KV cache is preallocated, attention never copies K/V
//! per head group, and the token embedding stays quantized (shared with the tied output
//! projection) instead of being dequantized to ~1 GB of f32.
//!
//! Shapes: `b` batch (always 1 here), `l` new tokens, `s` cached positions, `h` query
//! heads, `h_kv` key/value heads, `d` head dimension.

use std::io::{Read, Seek};
use std::sync::Arc;

use candle_core::quantized::{gguf_file, QTensor};
use candle_core::{DType, Device, Module, Result, Storage, Tensor};
use candle_transformers::quantized_nn::RmsNorm;

use super::attention::{cached_attention, decode_attention, AttentionShape, HeadCache};
use super::rows_matmul::QuantLinear;
use half::f16;
use half::slice::HalfFloatSliceExt;

/// The hyper-parameters a Qwen2 GGUF states in its `qwen2.*` metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Qwen2Config {
    /// Number of transformer blocks.
    pub block_count: usize,
    /// Width of the residual stream.
    pub hidden_size: usize,
    /// Query heads.
    pub head_count: usize,
    /// Key/value heads (grouped-query attention when fewer than query heads).
    pub head_count_kv: usize,
    /// Longest context the model was trained for.
    pub context_length: usize,
    /// Epsilon of every RMS norm.
    pub rms_norm_eps: f64,
    /// Base of the rotary position embedding.
    pub rope_freq_base: f64,
}

impl Qwen2Config {
    /// Read the configuration from GGUF metadata, naming the first key that is missing.
    pub fn from_gguf(content: &gguf_file::Content) -> Result<Self> {
        let get = |key: &str| {
            content
                .metadata
                .get(&format!("qwen2.{key}"))
                .ok_or_else(|| candle_core::Error::Msg(format!("missing metadata qwen2.{key}")))
        };
        let rope_freq_base = match content.metadata.get("qwen2.rope.freq_base") {
            Some(value) => value.to_f32()? as f64,
            None => 10_000.0,
        };
        Ok(Self {
            block_count: get("block_count")?.to_u32()? as usize,
            hidden_size: get("embedding_length")?.to_u32()? as usize,
            head_count: get("attention.head_count")?.to_u32()? as usize,
            head_count_kv: get("attention.head_count_kv")?.to_u32()? as usize,
            context_length: get("context_length")?.to_u32()? as usize,
            rms_norm_eps: get("attention.layer_norm_rms_epsilon")?.to_f32()? as f64,
            rope_freq_base,
        })
    }

    /// Dimension of one attention head.
    pub fn head_dim(&self) -> usize {
        self.hidden_size / self.head_count
    }
}

/// Reads named tensors out of an open GGUF file onto one device.
struct TensorReader<'a, R: Read + Seek> {
    content: &'a gguf_file::Content,
    reader: &'a mut R,
    device: &'a Device,
}

impl<R: Read + Seek> TensorReader<'_, R> {
    fn qtensor(&mut self, name: &str) -> Result<QTensor> {
        self.content.tensor(self.reader, name, self.device)
    }

    fn linear(&mut self, name: &str) -> Result<QuantLinear> {
        QuantLinear::new(Arc::new(self.qtensor(name)?))
    }

    fn dense(&mut self, name: &str) -> Result<Tensor> {
        self.qtensor(name)?.dequantize(self.device)
    }

    fn rms_norm(&mut self, name: &str, eps: f64) -> Result<RmsNorm> {
        RmsNorm::from_qtensor(self.qtensor(name)?, eps)
    }
}

/// A linear projection with a bias, as Qwen2 uses for q, k and v.
#[derive(Debug, Clone)]
struct BiasedLinear {
    weight: QuantLinear,
    bias: Tensor,
}

impl BiasedLinear {
    fn load<R: Read + Seek>(reader: &mut TensorReader<'_, R>, prefix: &str) -> Result<Self> {
        Ok(Self {
            weight: reader.linear(&format!("{prefix}.weight"))?,
            bias: reader.dense(&format!("{prefix}.bias"))?,
        })
    }

    /// Several biased projections of the same input, their products computed together
    /// (see [`QuantLinear::forward_together`]).
    fn forward_together<const N: usize>(
        linears: [&BiasedLinear; N],
        xs: &Tensor,
    ) -> Result<[Tensor; N]> {
        let mut products = QuantLinear::forward_together(linears.map(|linear| &linear.weight), xs)?;
        for (product, linear) in products.iter_mut().zip(linears) {
            *product = product.broadcast_add(&linear.bias)?;
        }
        Ok(products)
    }
}

/// Cos/sin tables for rotary embeddings, computed once for the whole context budget.
#[derive(Debug, Clone)]
struct RotaryEmbedding {
    cos: Tensor,
    sin: Tensor,
}

impl RotaryEmbedding {
    fn new(config: &Qwen2Config, max_positions: usize, device: &Device) -> Result<Self> {
        let head_dim = config.head_dim();
        let inv_freq: Vec<f32> = (0..head_dim)
            .step_by(2)
            .map(|i| 1f32 / config.rope_freq_base.powf(i as f64 / head_dim as f64) as f32)
            .collect();
        let inv_freq = Tensor::from_vec(inv_freq, (1, head_dim / 2), device)?;
        let positions = Tensor::arange(0u32, max_positions as u32, device)?
            .to_dtype(DType::F32)?
            .reshape((max_positions, 1))?;
        let freqs = positions.matmul(&inv_freq)?;
        Ok(Self {
            cos: freqs.cos()?,
            sin: freqs.sin()?,
        })
    }

    /// Rotate `xs` of shape (b, heads, l, d) for positions `offset..offset + l`.
    fn apply(&self, xs: &Tensor, offset: usize) -> Result<Tensor> {
        let (_, _, l, _) = xs.dims4()?;
        let cos = self.cos.narrow(0, offset, l)?;
        let sin = self.sin.narrow(0, offset, l)?;
        candle_nn::rotary_emb::rope(&xs.contiguous()?, &cos, &sin)
    }

    /// Rotate in place one position per row, on the CPU: `xs` is (rows, heads, d) and
    /// row `i` sits at position `positions[i]` (rows of a batched step differ).
    fn apply_rows(&self, xs: &mut [f32], heads: usize, positions: &[usize]) -> Result<()> {
        with_cpu_f32(&self.cos, |cos| {
            with_cpu_f32(&self.sin, |sin| {
                let half = cos.len() / self.cos.dim(0)?;
                let d = 2 * half;
                if xs.len() != positions.len() * heads * d {
                    candle_core::bail!("rotary: {} values for {} rows", xs.len(), positions.len());
                }
                for (row, &position) in xs.chunks_exact_mut(heads * d).zip(positions) {
                    let (Some(cos), Some(sin)) = (
                        cos.get(position * half..(position + 1) * half),
                        sin.get(position * half..(position + 1) * half),
                    ) else {
                        candle_core::bail!("rotary: position {position} beyond the table");
                    };
                    for head in row.chunks_exact_mut(d) {
                        let (first, second) = head.split_at_mut(half);
                        for i in 0..half {
                            let (x1, x2) = (first[i], second[i]);
                            first[i] = x1 * cos[i] - x2 * sin[i];
                            second[i] = x1 * sin[i] + x2 * cos[i];
                        }
                    }
                }
                Ok(())
            })
        })
    }
}

/// Keys and values of past positions on the CPU: for each key/value head one (s, d)
/// buffer of keys and one of values, which `attention::cached_attention` reads in place
/// as contiguous streams. They grow as positions arrive, so idle batch sequences cost
/// no memory. Unlike candle's own raw cache it can be cut back to a prefix, so prompts
/// that share a beginning (same instructions, next sentence) reuse its keys and values.
#[derive(Debug, Clone)]
struct PerHeadCache {
    /// In f16: see `attention`'s module notes.
    keys: Vec<Vec<f16>>,
    values: Vec<Vec<f16>>,
    head_dim: usize,
    len: usize,
}

impl PerHeadCache {
    fn new(head_count_kv: usize, head_dim: usize) -> Self {
        Self {
            keys: vec![Vec::new(); head_count_kv],
            values: vec![Vec::new(); head_count_kv],
            head_dim,
            len: 0,
        }
    }

    /// Append `l` positions; `keys` and `values` are (l, h_kv, d) row-major.
    fn append(&mut self, keys: &[f32], values: &[f32], l: usize) {
        let d = self.head_dim;
        let heads = self.keys.len();
        let kept = self.len * d;
        for (head, (head_keys, head_values)) in
            self.keys.iter_mut().zip(&mut self.values).enumerate()
        {
            head_keys.truncate(kept);
            head_values.truncate(kept);
            head_keys.resize(kept + l * d, f16::ZERO);
            head_values.resize(kept + l * d, f16::ZERO);
            for position in 0..l {
                let source = (position * heads + head) * d;
                let target = kept + position * d;
                head_keys[target..target + d].convert_from_f32_slice(&keys[source..source + d]);
                head_values[target..target + d].convert_from_f32_slice(&values[source..source + d]);
            }
        }
        self.len += l;
    }

    fn heads(&self) -> Vec<HeadCache<'_>> {
        let cached = self.len * self.head_dim;
        self.keys
            .iter()
            .zip(&self.values)
            .map(|(keys, values)| HeadCache {
                keys: &keys[..cached],
                values: &values[..cached],
            })
            .collect()
    }

    /// Become a copy of the first `len` positions of `other`, with capacity for `room`
    /// more: a buffer that grew during decoding would be copied whole into fresh pages
    /// (at batch 8 and 1.5k positions, 700 MB in the first step).
    fn copy_prefix(&mut self, other: &Self, len: usize, room: usize) {
        let len = len.min(other.len);
        let copied = len * other.head_dim;
        for (to, from) in self
            .keys
            .iter_mut()
            .zip(&other.keys)
            .chain(self.values.iter_mut().zip(&other.values))
        {
            to.clear();
            to.reserve(copied + room * other.head_dim);
            to.extend_from_slice(&from[..copied]);
        }
        self.len = len;
    }
}

/// Keys and values of past positions on a GPU: preallocated (b, h_kv, s, d) tensors
/// written in place with `slice_set`, so decoding never reallocates, and cut back to a
/// prefix as the CPU cache is (candle's `KvCache` can only be emptied).
#[derive(Debug, Clone)]
struct TensorCache {
    keys: Option<Tensor>,
    values: Option<Tensor>,
    max_positions: usize,
    len: usize,
}

impl TensorCache {
    fn new(max_positions: usize) -> Self {
        Self {
            keys: None,
            values: None,
            max_positions,
            len: 0,
        }
    }

    /// Append `keys` and `values` of shape (b, h_kv, l, d); return all cached positions.
    fn append(&mut self, keys: &Tensor, values: &Tensor) -> Result<(Tensor, Tensor)> {
        let (b, h_kv, l, d) = keys.dims4()?;
        let shape = (b, h_kv, self.max_positions, d);
        let cached_keys = match &self.keys {
            Some(buffer) => buffer.clone(),
            None => Tensor::zeros(shape, keys.dtype(), keys.device())?,
        };
        let cached_values = match &self.values {
            Some(buffer) => buffer.clone(),
            None => Tensor::zeros(shape, values.dtype(), values.device())?,
        };
        cached_keys.slice_set(&keys.contiguous()?, 2, self.len)?;
        cached_values.slice_set(&values.contiguous()?, 2, self.len)?;
        self.len += l;
        let visible = (
            cached_keys.narrow(2, 0, self.len)?,
            cached_values.narrow(2, 0, self.len)?,
        );
        self.keys = Some(cached_keys);
        self.values = Some(cached_values);
        Ok(visible)
    }
}

/// How the KV cache is laid out; chosen by device, and selectable so that the GPU
/// layout can be checked against the reference on the CPU too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KvCacheLayout {
    /// Per-head f32 buffers read in place by `attention::cached_attention`.
    PerHead,
    /// Preallocated device tensors and plain matmul attention (any device).
    DeviceTensors,
}

impl KvCacheLayout {
    /// The layout that runs fastest on `device`.
    pub fn for_device(device: &Device) -> Self {
        if device.is_cpu() {
            Self::PerHead
        } else {
            Self::DeviceTensors
        }
    }
}

/// Where one block keeps the keys and values of past positions of one sequence.
#[derive(Debug, Clone)]
enum AttentionCache {
    /// CPU: per-head buffers read in place by `attention::cached_attention`.
    PerHead(PerHeadCache),
    /// Other devices: preallocated tensors on the device.
    Tensors(TensorCache),
}

impl AttentionCache {
    /// Keep the first `len` positions; returns how many were kept.
    fn truncate(&mut self, len: usize) -> usize {
        let cached = match self {
            Self::PerHead(cache) => &mut cache.len,
            Self::Tensors(cache) => &mut cache.len,
        };
        *cached = (*cached).min(len);
        *cached
    }
}

/// Borrow the f32 contents of a contiguous CPU tensor.
fn with_cpu_f32<T>(tensor: &Tensor, f: impl FnOnce(&[f32]) -> Result<T>) -> Result<T> {
    let tensor = tensor.contiguous()?;
    let (storage, layout) = tensor.storage_and_layout();
    match &*storage {
        Storage::Cpu(cpu) => {
            let data = cpu.as_slice::<f32>()?;
            let start = layout.start_offset();
            f(&data[start..start + layout.shape().elem_count()])
        }
        _ => candle_core::bail!("expected a CPU tensor"),
    }
}

#[derive(Debug, Clone)]
struct Attention {
    q_proj: BiasedLinear,
    k_proj: BiasedLinear,
    v_proj: BiasedLinear,
    o_proj: QuantLinear,
    head_count: usize,
    head_count_kv: usize,
    head_dim: usize,
    rotary: Arc<RotaryEmbedding>,
}

impl Attention {
    fn forward(&self, xs: &Tensor, cache: &mut AttentionCache, offset: usize) -> Result<Tensor> {
        let (b, l, hidden) = xs.dims3()?;
        let [q, k, v] =
            BiasedLinear::forward_together([&self.q_proj, &self.k_proj, &self.v_proj], xs)?;
        let q = q
            .reshape((b, l, self.head_count, self.head_dim))?
            .transpose(1, 2)?;
        let k = k
            .reshape((b, l, self.head_count_kv, self.head_dim))?
            .transpose(1, 2)?;
        let v = v.reshape((b, l, self.head_count_kv, self.head_dim))?;
        let q = self.rotary.apply(&q, offset)?;
        let k = self.rotary.apply(&k, offset)?;
        let scale = 1.0 / (self.head_dim as f32).sqrt();
        let context = match cache {
            AttentionCache::PerHead(cache) => {
                // (b, l, h_kv, d) row-major: one row of h_kv * d values per position.
                let k_rows = k.transpose(1, 2)?;
                with_cpu_f32(&k_rows, |k_data| {
                    with_cpu_f32(&v, |v_data| {
                        cache.append(k_data, v_data, l);
                        Ok(())
                    })
                })?;
                let shape = AttentionShape {
                    h_q: self.head_count,
                    h_kv: self.head_count_kv,
                    d: self.head_dim,
                    l,
                    offset,
                };
                with_cpu_f32(&q, |q_data| {
                    cached_attention(q_data, &cache.heads(), shape, scale)
                })?
            }
            AttentionCache::Tensors(cache) => {
                let (keys, values) = cache.append(&k, &v.transpose(1, 2)?)?;
                let groups = self.head_count / self.head_count_kv;
                let keys = candle_transformers::utils::repeat_kv(keys, groups)?.contiguous()?;
                let values = candle_transformers::utils::repeat_kv(values, groups)?.contiguous()?;
                let scores = (q.contiguous()?.matmul(&keys.t()?)? * scale as f64)?;
                let scores = if l > 1 {
                    scores.broadcast_add(&causal_mask(l, offset, xs.device())?)?
                } else {
                    scores
                };
                let probs = candle_nn::ops::softmax_last_dim(&scores)?;
                probs.matmul(&values)?.transpose(1, 2)?
            }
        };
        context.reshape((b, l, hidden))?.apply(&self.o_proj)
    }

    /// One new position for each of several sequences: `xs` is (1, rows, hidden), row
    /// `i` belonging to the sequence whose cache is `caches[i]`, at `offsets[i]`. The
    /// projections run on all rows at once (one pass over the weights), and so does
    /// attention, each row over its own cache.
    fn forward_rows(
        &self,
        xs: &Tensor,
        caches: &mut [&mut AttentionCache],
        offsets: &[usize],
    ) -> Result<Tensor> {
        let (_, rows, hidden) = xs.dims3()?;
        let (h, h_kv, d) = (self.head_count, self.head_count_kv, self.head_dim);
        let [queries, keys, values] =
            BiasedLinear::forward_together([&self.q_proj, &self.k_proj, &self.v_proj], xs)?;
        let mut queries = queries.flatten_all()?.to_vec1::<f32>()?;
        let mut keys = keys.flatten_all()?.to_vec1::<f32>()?;
        let values = values.flatten_all()?.to_vec1::<f32>()?;
        self.rotary.apply_rows(&mut queries, h, offsets)?;
        self.rotary.apply_rows(&mut keys, h_kv, offsets)?;
        let mut heads = Vec::with_capacity(rows);
        for (row, cache) in caches.iter_mut().enumerate() {
            let AttentionCache::PerHead(cache) = &mut **cache else {
                candle_core::bail!("decoding several sequences at once needs the CPU cache");
            };
            let position = row * h_kv * d..(row + 1) * h_kv * d;
            cache.append(&keys[position.clone()], &values[position], 1);
            heads.push(cache.heads());
        }
        let scale = 1.0 / (d as f32).sqrt();
        let context = decode_attention(&queries, &heads, h, d, scale)?;
        Tensor::from_vec(context, (1, rows, hidden), xs.device())?.apply(&self.o_proj)
    }
}

/// Additive (l, offset + l) mask: 0 where a query may look, -inf at future positions.
fn causal_mask(l: usize, offset: usize, device: &Device) -> Result<Tensor> {
    let width = offset + l;
    let mask: Vec<f32> = (0..l)
        .flat_map(|row| {
            (0..width).map(move |col| {
                if col > offset + row {
                    f32::NEG_INFINITY
                } else {
                    0.0
                }
            })
        })
        .collect();
    Tensor::from_vec(mask, (l, width), device)
}

#[derive(Debug, Clone)]
struct Mlp {
    gate: QuantLinear,
    up: QuantLinear,
    down: QuantLinear,
}

impl Module for Mlp {
    fn forward(&self, xs: &Tensor) -> Result<Tensor> {
        let [gate, up] = QuantLinear::forward_together([&self.gate, &self.up], xs)?;
        self.down.forward(&(candle_nn::ops::silu(&gate)? * up)?)
    }
}

#[derive(Debug, Clone)]
struct Block {
    attention_norm: RmsNorm,
    attention: Attention,
    mlp_norm: RmsNorm,
    mlp: Mlp,
}

impl Block {
    fn forward(&self, xs: &Tensor, cache: &mut AttentionCache, offset: usize) -> Result<Tensor> {
        let attended = self
            .attention
            .forward(&self.attention_norm.forward(xs)?, cache, offset)?;
        self.finish(xs, attended)
    }

    /// [`Attention::forward_rows`] with the block's norms and MLP around it.
    fn forward_rows(
        &self,
        xs: &Tensor,
        caches: &mut [&mut AttentionCache],
        offsets: &[usize],
    ) -> Result<Tensor> {
        let attended =
            self.attention
                .forward_rows(&self.attention_norm.forward(xs)?, caches, offsets)?;
        self.finish(xs, attended)
    }

    /// Residual, then the MLP with its own residual.
    fn finish(&self, xs: &Tensor, attended: Tensor) -> Result<Tensor> {
        let xs = (xs + attended)?;
        let mixed = self.mlp.forward(&self.mlp_norm.forward(&xs)?)?;
        xs + mixed
    }
}

/// One sequence's place in the model: its KV cache in every block and its length.
#[derive(Debug, Clone)]
struct Sequence {
    caches: Vec<AttentionCache>,
    position: usize,
}

/// A loaded Qwen2 model with the KV caches of its sequences.
///
/// Sequence 0 is the main one: call [`Qwen2::forward`] with the prompt, then once per
/// generated token; call [`Qwen2::truncate`] to go back to a shared prefix (or 0)
/// before the next prompt. To decode several answers together (CPU), copy prompts'
/// caches into slots 1.. with [`Qwen2::fork`] and step them with [`Qwen2::forward_rows`].
#[derive(Debug, Clone)]
pub struct Qwen2 {
    embedding: Arc<QTensor>,
    blocks: Vec<Block>,
    output_norm: RmsNorm,
    output: QuantLinear,
    max_positions: usize,
    layout: KvCacheLayout,
    head_count_kv: usize,
    head_dim: usize,
    sequences: Vec<Sequence>,
}

impl Qwen2 {
    /// Load the weights of a `qwen2` GGUF onto `device`, with room in the cache for
    /// `max_positions` tokens (prompt plus generation); quantized weights stay quantized.
    pub fn from_gguf<R: Read + Seek>(
        content: &gguf_file::Content,
        reader: &mut R,
        device: &Device,
        max_positions: usize,
    ) -> Result<Self> {
        let layout = KvCacheLayout::for_device(device);
        Self::from_gguf_with_layout(content, reader, device, max_positions, layout)
    }

    /// [`Qwen2::from_gguf`] with an explicit KV cache layout.
    pub fn from_gguf_with_layout<R: Read + Seek>(
        content: &gguf_file::Content,
        reader: &mut R,
        device: &Device,
        max_positions: usize,
        layout: KvCacheLayout,
    ) -> Result<Self> {
        let config = Qwen2Config::from_gguf(content)?;
        let max_positions = max_positions.min(config.context_length).max(1);
        let mut tensors = TensorReader {
            content,
            reader,
            device,
        };
        let embedding = Arc::new(tensors.qtensor("token_embd.weight")?);
        let output = if content.tensor_infos.contains_key("output.weight") {
            tensors.linear("output.weight")?
        } else {
            QuantLinear::new(embedding.clone())?
        };
        let rotary = Arc::new(RotaryEmbedding::new(&config, max_positions, device)?);
        let eps = config.rms_norm_eps;
        let blocks = (0..config.block_count)
            .map(|index| {
                let prefix = format!("blk.{index}");
                Ok(Block {
                    attention_norm: tensors.rms_norm(&format!("{prefix}.attn_norm.weight"), eps)?,
                    attention: Attention {
                        q_proj: BiasedLinear::load(&mut tensors, &format!("{prefix}.attn_q"))?,
                        k_proj: BiasedLinear::load(&mut tensors, &format!("{prefix}.attn_k"))?,
                        v_proj: BiasedLinear::load(&mut tensors, &format!("{prefix}.attn_v"))?,
                        o_proj: tensors.linear(&format!("{prefix}.attn_output.weight"))?,
                        head_count: config.head_count,
                        head_count_kv: config.head_count_kv,
                        head_dim: config.head_dim(),
                        rotary: rotary.clone(),
                    },
                    mlp_norm: tensors.rms_norm(&format!("{prefix}.ffn_norm.weight"), eps)?,
                    mlp: Mlp {
                        gate: tensors.linear(&format!("{prefix}.ffn_gate.weight"))?,
                        up: tensors.linear(&format!("{prefix}.ffn_up.weight"))?,
                        down: tensors.linear(&format!("{prefix}.ffn_down.weight"))?,
                    },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut model = Self {
            embedding,
            blocks,
            output_norm: tensors.rms_norm("output_norm.weight", eps)?,
            output,
            max_positions,
            layout,
            head_count_kv: config.head_count_kv,
            head_dim: config.head_dim(),
            sequences: Vec::new(),
        };
        model.sequences.push(model.empty_sequence());
        Ok(model)
    }

    fn empty_sequence(&self) -> Sequence {
        let cache = || match self.layout {
            KvCacheLayout::PerHead => {
                AttentionCache::PerHead(PerHeadCache::new(self.head_count_kv, self.head_dim))
            }
            KvCacheLayout::DeviceTensors => {
                AttentionCache::Tensors(TensorCache::new(self.max_positions))
            }
        };
        Sequence {
            caches: self.blocks.iter().map(|_| cache()).collect(),
            position: 0,
        }
    }

    /// How many tokens (prompt plus generated) one sequence may hold.
    pub fn max_positions(&self) -> usize {
        self.max_positions
    }

    /// Feed `tokens` (the prompt, or the one token just sampled) to the main sequence
    /// after what its cache holds, and return the logits (vocab,) of the last position.
    pub fn forward(&mut self, tokens: &[u32]) -> Result<Tensor> {
        self.forward_last(tokens, 1)?.squeeze(0)
    }

    /// Feed `tokens` to the main sequence, as [`Qwen2::forward`] does, and return the
    /// logits (rows, vocab) of its last `rows` positions: scoring a given answer needs
    /// the prediction at every one of its tokens, not only after the last.
    pub fn forward_last(&mut self, tokens: &[u32], rows: usize) -> Result<Tensor> {
        let l = tokens.len();
        if l == 0 || rows == 0 || rows > l {
            candle_core::bail!("forward needs at least one token and 1..={l} rows of logits");
        }
        let main = &mut self.sequences[0];
        if main.position + l > self.max_positions {
            candle_core::bail!(
                "sequence of {} tokens exceeds the cache of {} positions",
                main.position + l,
                self.max_positions
            );
        }
        let device = self.embedding.device();
        let ids = Tensor::new(tokens, &device)?.unsqueeze(0)?;
        let mut xs = self.embedding.embedding(&ids)?.to_dtype(DType::F32)?;
        for (block, cache) in self.blocks.iter().zip(&mut main.caches) {
            xs = block.forward(&xs, cache, main.position)?;
        }
        main.position += l;
        let last = xs.narrow(1, l - rows, rows)?;
        let last = self.output_norm.forward(&last)?;
        self.output.forward(&last)?.squeeze(0)?.to_dtype(DType::F32)
    }

    /// Positions the main sequence's cache holds now.
    pub fn position(&self) -> usize {
        self.sequences[0].position
    }

    /// Forget every position of the main sequence from `len` on, so the next `forward`
    /// continues after the first `len` tokens. Returns the positions kept.
    pub fn truncate(&mut self, len: usize) -> usize {
        let main = &mut self.sequences[0];
        let len = len.min(main.position);
        let kept = main
            .caches
            .iter_mut()
            .map(|cache| cache.truncate(len))
            .min()
            .unwrap_or(0);
        main.position = kept;
        kept
    }

    /// Whether [`Qwen2::fork`] and [`Qwen2::forward_rows`] work here (the CPU cache).
    pub fn can_decode_rows(&self) -> bool {
        self.layout == KvCacheLayout::PerHead
    }

    /// Make batch slot `slot` (1 or more) a copy of the main sequence's first `len`
    /// positions, so an answer of up to `room` tokens can be decoded there while the
    /// main sequence moves on (`room` only sizes the cache; more still fits).
    pub fn fork(&mut self, slot: usize, len: usize, room: usize) -> Result<()> {
        if slot == 0 || !self.can_decode_rows() {
            candle_core::bail!("fork needs a batch slot (1 or more) and the CPU cache");
        }
        while self.sequences.len() <= slot {
            let sequence = self.empty_sequence();
            self.sequences.push(sequence);
        }
        let (main, rest) = self.sequences.split_at_mut(1);
        let target = &mut rest[slot - 1];
        for (to, from) in target.caches.iter_mut().zip(&main[0].caches) {
            if let (AttentionCache::PerHead(to), AttentionCache::PerHead(from)) = (to, from) {
                to.copy_prefix(from, len, room);
            }
        }
        target.position = len.min(main[0].position);
        Ok(())
    }

    /// Feed one token to each of the batch slots `slots` (strictly increasing, each
    /// made by [`Qwen2::fork`]) in one pass over the weights; returns logits
    /// (slots, vocab) as f32, row `i` for `slots[i]`.
    pub fn forward_rows(&mut self, slots: &[usize], tokens: &[u32]) -> Result<Tensor> {
        let increasing = slots.windows(2).all(|pair| pair[0] < pair[1]);
        if slots.is_empty() || slots.len() != tokens.len() || !increasing || slots[0] == 0 {
            candle_core::bail!("forward_rows needs one token per distinct batch slot, in order");
        }
        if slots.iter().any(|&slot| slot >= self.sequences.len()) {
            candle_core::bail!("forward_rows: a slot was never forked");
        }
        let mut chosen: Vec<&mut Sequence> = self
            .sequences
            .iter_mut()
            .enumerate()
            .filter(|(index, _)| slots.binary_search(index).is_ok())
            .map(|(_, sequence)| sequence)
            .collect();
        if let Some(full) = chosen.iter().find(|s| s.position + 1 > self.max_positions) {
            candle_core::bail!(
                "sequence of {} tokens exceeds the cache of {} positions",
                full.position + 1,
                self.max_positions
            );
        }
        let offsets: Vec<usize> = chosen.iter().map(|sequence| sequence.position).collect();
        let device = self.embedding.device();
        let ids = Tensor::new(tokens, &device)?.unsqueeze(0)?;
        let mut xs = self.embedding.embedding(&ids)?.to_dtype(DType::F32)?;
        for (layer, block) in self.blocks.iter().enumerate() {
            let mut caches: Vec<&mut AttentionCache> = chosen
                .iter_mut()
                .map(|sequence| &mut sequence.caches[layer])
                .collect();
            xs = block.forward_rows(&xs, &mut caches, &offsets)?;
        }
        for sequence in &mut chosen {
            sequence.position += 1;
        }
        let xs = self.output_norm.forward(&xs)?;
        self.output.forward(&xs)?.squeeze(0)?.to_dtype(DType::F32)
    }
}
