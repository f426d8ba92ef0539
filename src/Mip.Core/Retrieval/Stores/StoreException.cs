using Mip.IO;

namespace Mip.Retrieval.Stores;

/// <summary>A store cannot be opened or used as asked: wrong dimension, bad file, unreachable server, bad entry.</summary>
public sealed class StoreException(string message, Exception? inner = null) : MipInputException(message, inner);
