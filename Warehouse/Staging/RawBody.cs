using System.Buffers;

namespace MarketAspire.Warehouse.Staging;

/// <summary>One raw object's bytes in a buffer rented from the shared pool; disposing returns it.</summary>
internal sealed class RawBody(int expectedLength) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(expectedLength, 1));

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, Length);

    /// <summary>Reads the stream to its end, growing the buffer when the object is longer than announced.</summary>
    public async Task FillAsync(Stream stream, CancellationToken ct)
    {
        int read;
        while ((read = await stream.ReadAsync(_buffer.AsMemory(Length), ct)) > 0)
        {
            Length += read;
            if (Length == _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, Length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        Length = 0;
    }
}
