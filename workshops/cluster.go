package workshops

// Clusters are a group's work: any participant or facilitator may make,
// rename, move and delete one. Membership is by region (ClusterOf), so no
// op on a note ever has to touch a cluster.

// clusterCreate handles cluster.create and cluster.restore: anyone may
// restore a cluster, and becomes its author and namer.
func clusterCreate(b *Board, e *Event, actor Participant) (func(), error) {
	op := &e.Op
	restore := op.Kind == OpClusterRestore
	old, exists := b.Clusters[op.Cluster]
	c := Cluster{ID: op.Cluster, Author: e.Actor, CreatedAt: e.At}
	switch {
	case !ValidID(op.Cluster):
		return nil, Errorf(EINVALID, "cluster ID is not valid")
	case !restore && exists:
		return nil, Errorf(ECONFLICT, "a cluster with this ID exists")
	case restore:
		if !exists || !b.canSeeCluster(old, b.viewerOf(actor.ID)) {
			return nil, Errorf(ENOTFOUND, "no such cluster")
		}
		if !old.Deleted {
			return nil, Errorf(ECONFLICT, "the cluster is not deleted")
		}
		if err := checkIfSeq(op.IfSeq, old.Seq, "cluster"); err != nil {
			return nil, err
		}
		c.CreatedAt = old.CreatedAt // the restorer makes and names it anew
	}
	if b.liveClusters() >= MaxClusters {
		return nil, Errorf(ELIMIT, "the board has room for %d clusters", MaxClusters)
	}
	name, err := cleanLine(*op.Name, "name", MaxClusterNameLen)
	if err != nil {
		return nil, err
	}
	if err := checkClusterSize(*op.W, *op.H); err != nil {
		return nil, err
	}
	c.Name, c.By = name, e.Actor
	c.X, c.Y, c.W, c.H = *op.X, *op.Y, *op.W, *op.H
	frame, _, err := b.placeBox(actor, box{c.X, c.Y, c.W, c.H}, "", true)
	if err != nil {
		return nil, err
	}
	c.Frame, c.Private = frame, b.Private.covers(frame)
	c.Z, c.Seq, c.UpdatedAt = e.Seq, e.Seq, e.At
	return func() {
		b.Clusters[c.ID] = c
		if restore && (b.hasConnectors(Ref{RefCluster, c.ID}) || b.rescoped(old.Frame, old.Private, c.Frame, c.Private)) {
			b.ViewSeq = e.Seq
		}
	}, nil
}

func checkClusterSize(w, h float64) error {
	if w < MinClusterSize || w > MaxClusterSize || h < MinClusterSize || h > MaxClusterSize {
		return Errorf(EINVALID, "a cluster's size must be between %g and %g", MinClusterSize, MaxClusterSize)
	}
	return nil
}

func (b *Board) liveClusters() int {
	n := 0
	for _, c := range b.Clusters {
		if !c.Deleted {
			n++
		}
	}
	return n
}

// clusterFor returns the live cluster id as actor may act on it.
func (b *Board) clusterFor(id string, actor Participant, ifSeq uint64) (Cluster, error) {
	c, ok := b.Clusters[id]
	if !ok || !b.canSeeCluster(c, b.viewerOf(actor.ID)) {
		return c, Errorf(ENOTFOUND, "no such cluster")
	}
	if c.Deleted {
		return c, Errorf(EDELETED, "the cluster was deleted")
	}
	return c, checkIfSeq(ifSeq, c.Seq, "cluster")
}

// clusterUpdate renames, moves or resizes a cluster. Moving it does not
// move its notes: a client carries them along with a batch.
func clusterUpdate(b *Board, e *Event, actor Participant) (func(), error) {
	op := &e.Op
	c, err := b.clusterFor(op.Cluster, actor, op.IfSeq)
	if err != nil {
		return nil, err
	}
	if op.Name == nil && op.X == nil && op.Y == nil && op.W == nil && op.H == nil {
		return nil, Errorf(EINVALID, "cluster.update needs something to change")
	}
	if err := needBoth(op.X, op.Y, "x and y"); err != nil {
		return nil, err
	}
	if err := needBoth(op.W, op.H, "w and h"); err != nil {
		return nil, err
	}
	old := c
	if op.Name != nil {
		if c.Name, err = cleanLine(*op.Name, "name", MaxClusterNameLen); err != nil {
			return nil, err
		}
		c.By = e.Actor
	}
	if op.X != nil {
		c.X, c.Y, c.Z = *op.X, *op.Y, e.Seq
	}
	if op.W != nil {
		if err := checkClusterSize(*op.W, *op.H); err != nil {
			return nil, err
		}
		c.W, c.H = *op.W, *op.H
	}
	frame, crosses, err := b.placeBox(actor, box{c.X, c.Y, c.W, c.H}, old.Frame, false)
	if err != nil {
		return nil, err
	}
	c.Frame, c.Seq, c.UpdatedAt = frame, e.Seq, e.At
	return func() {
		b.Clusters[c.ID] = c
		if crosses {
			b.ViewSeq = e.Seq
		}
	}, nil
}

func clusterDelete(b *Board, e *Event, actor Participant) (func(), error) {
	c, err := b.clusterFor(e.Op.Cluster, actor, e.Op.IfSeq)
	if err != nil {
		return nil, err
	}
	if err := b.checkLocks(actor, c.Frame); err != nil {
		return nil, err
	}
	return func() {
		c.Deleted, c.Name, c.Seq, c.UpdatedAt = true, "", e.Seq, e.At
		b.Clusters[c.ID] = c
	}, nil
}
