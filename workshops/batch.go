package workshops

// batchKinds are the ops a batch may hold: the ops on canvas items.
var batchKinds = map[OpKind]bool{
	OpNoteCreate: true, OpNoteEdit: true, OpNoteMove: true, OpNoteResize: true,
	OpNoteRecolor: true, OpNoteDelete: true, OpNoteRestore: true,
	OpShapeCreate: true, OpShapeUpdate: true, OpShapeDelete: true, OpShapeRestore: true,
	OpConnectorCreate: true, OpConnectorUpdate: true, OpConnectorDelete: true, OpConnectorRestore: true,
	OpClusterCreate: true, OpClusterUpdate: true, OpClusterDelete: true, OpClusterRestore: true,
}

func init() { handlers[OpBatch] = batch } // a map literal may not refer to itself

// InBatch reports whether ops of kind k may be part of a batch.
func (k OpKind) InBatch() bool { return batchKinds[k] }

// checkBatchShape checks the ops of a batch: 1 to MaxBatchOps item ops,
// each of a good shape.
func checkBatchShape(ops []Op) error {
	if len(ops) > MaxBatchOps {
		return Errorf(ETOOLARGE, "a batch holds at most %d ops", MaxBatchOps)
	}
	for i := range ops {
		k := ops[i].Kind
		switch {
		case !k.Known():
			return Errorf(EUNKNOWNOP, "op %d: unknown operation %q", i+1, truncate(string(k), 40))
		case !k.InBatch():
			return Errorf(EINVALID, "op %d: %s cannot be part of a batch", i+1, k)
		}
		if err := ops[i].CheckShape(); err != nil {
			return inOp(i, err)
		}
	}
	return nil
}

// inOp prefixes err's message with the place of the op in its batch,
// keeping its code.
func inOp(i int, err error) error {
	return Errorf(ErrorCode(err), "op %d: %s", i+1, ErrorMessage(err))
}

// batch applies its ops in order, each seeing the ones before, on a copy
// of the board, and returns the change that puts the copy in place: all or
// nothing, one seq. Every item the ops touch gets the batch's seq.
func batch(b *Board, e *Event, actor Participant) (func(), error) {
	c := b.Clone()
	for i, sub := range e.Op.Ops {
		se := Event{Seq: e.Seq, OpID: e.OpID, Actor: e.Actor, At: e.At, Op: sub}
		do, err := handlers[sub.Kind](c, &se, actor)
		if err != nil {
			return nil, inOp(i, err)
		}
		do()
	}
	return func() {
		seq := b.Seq
		*b = *c
		b.Seq = seq // Apply sets it
	}, nil
}

// Kinds returns the kinds of an op: its own, and for a batch those of the
// ops inside, in order.
func (op *Op) Kinds() []OpKind {
	if op.Kind != OpBatch {
		return []OpKind{op.Kind}
	}
	out := make([]OpKind, len(op.Ops))
	for i := range op.Ops {
		out[i] = op.Ops[i].Kind
	}
	return out
}
