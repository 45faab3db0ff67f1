namespace SusyTopology.InMemoryKafka;

/// <summary>Where a transaction is in its life: open until its producer commits or aborts it.</summary>
public enum TransactionState { Open, Committed, Aborted }
