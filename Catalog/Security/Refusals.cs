using System.Text.Encodings.Web;

namespace MarketAspire.Catalog.Security;

/// <summary>A refusal written before the pages run: a short HTML page that says why, with the status code.</summary>
public static class Refusals
{
    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        var text = HtmlEncoder.Default.Encode(message);
        return context.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{status} · MarketAspire catalog</title></head><body><h1>{status}</h1><p id=\"problem\">{text}</p></body></html>",
            context.RequestAborted);
    }
}
